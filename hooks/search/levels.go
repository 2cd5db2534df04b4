package search

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
)

// Ranking uses nothing but the page and the query. Each term of a page gets a level from 1 to
// levelCount when the page is indexed, from how often the term occurs in each column (weighted
// like the columns of bm25) against the page's length. A page's level for a query is the level of
// its weakest required item: every word of the query must be prominent for a page to rank high.
// Pages of one level come oldest first.
//
// No statistic over other pages enters a level — no document frequencies, no average length, no
// page count — so pages a caller may not read cannot move the pages it may read: search answers
// exactly as it would on a database holding only what the caller can see
// (TestSearchDifferential). bm25's idf would need frequencies counted over the caller's readable
// pages to be safe, which means checking the rule on every match of a common word; under AND
// semantics every hit holds every word, so what idf decides is only how words weigh against one
// another, which the weakest-item rule decides instead.
//
// Levels are also what bounds ranking: the FTS table holds one level token per term and page
// (schema.SearchIndexLevels), so "pages at level l" is an FTS query whose rows come in rowid
// order and can be read a few at a time (rankReadable), however many pages a common word is on.
const (
	levelCount = 16
	// levelsPerE sets how fine levels are: a level spans a factor e^(1/levelsPerE) ≈ 1.4 in
	// 1 + tf/K, fine enough that a title beats a body and a few more occurrences of a word in a
	// page of the same length make a new level.
	levelsPerE = 3.0
	// bm25's k1 and b, and the page length levels are normalized against: a constant, so no page
	// shifts another's level. 500 terms is a page of about 3 KB of English.
	bm25K1        = 1.2
	bm25B         = 0.75
	typicalLength = 500.0
	// levelMark joins a term and its level into one token ("cluster·17"). Terms never hold it:
	// textseg drops punctuation, and the ascii tokenizer keeps non-ASCII bytes inside a token.
	levelMark = "·"
)

// Column weights of the levels, as bm25 weighted them: a word in the title counts as ten in the
// body, a tag as five.
const (
	weightTitle = 10.0
	weightTags  = 5.0
	weightBody  = 1.0
)

// exactTitleBoost is what a page whose title is exactly the query adds to its level, so it comes
// first.
const exactTitleBoost = 1000.0

// levelsOf returns the level tokens of a page from its three segmented columns (IndexText
// output), sorted and space-separated: a term at level L gives "term·1" … "term·L", so "the term
// is at level l or more" is the single token "term·l" (most terms of a page are at levels 1–3).
//
// The column also holds the page's unit tokens ("首·": some term starts with 首, see
// textseg.UnitToken), one per Han, kana or Hangul character that starts a term, which answer a
// query for one such character with one posting list instead of a prefix over every term that
// starts with it. Level tokens end in digits, unit tokens in the mark, so neither is the other.
func levelsOf(title, tags, body string) string {
	weights := map[string]float64{}
	length := 0
	for _, col := range []struct {
		text   string
		weight float64
	}{{title, weightTitle}, {tags, weightTags}, {body, weightBody}} {
		for _, term := range strings.Fields(col.text) {
			weights[term] += col.weight
			length++
		}
	}
	k := bm25K1 * (1 - bm25B + bm25B*float64(length)/typicalLength)
	tokens := make([]string, 0, 3*len(weights))
	units := map[string]bool{}
	for term, w := range weights {
		for l := range levelOf(w, k) {
			tokens = append(tokens, term+levelMark+strconv.Itoa(l+1))
		}
		if u, ok := textseg.UnitToken(term); ok && !units[u] {
			units[u] = true
			tokens = append(tokens, u)
		}
	}
	slices.Sort(tokens)
	return strings.Join(tokens, " ")
}

// levelOf quantizes log(1 + w/K): bm25's term factor (k1+1)·w/(w+K) orders pages exactly as w/K
// does, and the logarithm spreads levels evenly over rare and repeated words.
func levelOf(w, k float64) int {
	return min(max(1+int(levelsPerE*math.Log1p(w/k)), 1), levelCount)
}

// scoringItems are the query items levels can rank by: a prefix item matches terms not known
// in advance, so it narrows the results but does not rank them.
func scoringItems(q textseg.Query) []textseg.Item {
	var out []textseg.Item
	for _, it := range q.Items() {
		if !it.Prefix {
			out = append(out, it)
		}
	}
	return out
}

// atLeast is the FTS expression (over the levels column) of pages whose level for every item
// is at least l: for each item, some alternative whose every term has a level of l or more.
// An alternative's level is that of its rarest term in the page, an item's that of its best
// alternative: a phrase occurs no more often than any of its words.
func atLeast(items []textseg.Item, l int) string {
	var b strings.Builder
	b.WriteString(schema.SearchIndexLevels + " : (")
	for i, it := range items {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteByte('(')
		for j, alt := range it.Alternatives {
			if j > 0 {
				b.WriteString(" OR ")
			}
			b.WriteByte('(')
			for k, term := range dedupe(alt) {
				if k > 0 {
					b.WriteString(" AND ")
				}
				b.WriteString(`"` + strings.ReplaceAll(term, `"`, `""`) + levelMark + strconv.Itoa(l) + `"`)
			}
			b.WriteByte(')')
		}
		b.WriteByte(')')
	}
	b.WriteByte(')')
	return b.String()
}

func dedupe(terms []string) []string {
	out := make([]string, 0, len(terms))
	for _, t := range terms {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
