package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
)

// candidate is an FTS row and its score (its level, plus exactTitleBoost for an exact title),
// before anyone asked who may read it. A readable candidate is a hit.
type candidate struct {
	RowID int64
	Score float64
}

// rankReadable returns, best first, the first want matches the caller may read, and whether
// it saw every match (then they are all the caller may read). The order is: pages whose title is
// the query, then the others by level (levels.go), highest first, oldest first within a level.
//
// The work is bounded by want, not by how many pages match: each level is one FTS query for the
// pages at exactly that level, read in rowid order a chunk at a time, each chunk checked against
// the list rule, until want readable pages are found. A word found on most pages stops at its
// first crowded level after a chunk or two; no match is scored that the result does not need.
func rankReadable(app core.App, pages *core.Collection, info *core.RequestInfo, q textseg.Query, p Params, want int) ([]candidate, bool, error) {
	match := columnMatch(q)
	var ranked []candidate
	taken := map[int64]bool{}
	items := scoringItems(q)
	exact, err := exactTitleRows(app, q, match, items, want, func(c []candidate) (map[int64]bool, error) {
		return readableAmong(app, pages, info, p, c)
	})
	if err != nil {
		return nil, false, err
	}
	for _, id := range exact.all {
		taken[id] = true
	}
	ranked = append(ranked, exact.best...)
	if len(ranked) == want {
		return ranked, false, nil
	}
	// Levels are visited from the highest the level tokens allow (level 0 alone when no item
	// ranks: every match is at one level); exactTop is set once the highest level any match is
	// at is known.
	l, exactTop := 0, false
	if len(items) > 0 {
		if l, err = topLevel(app, items, 1, levelCount, ""); err != nil {
			return nil, false, err
		}
	}
	for ; l >= 0; l-- {
		expr := match
		if l > 0 {
			expr = atLevel(match, items, l)
		}
		after, seen := int64(0), 0
		for len(ranked) < want {
			n := nextChunk(want-len(ranked), len(ranked), len(taken))
			rows, err := matchRows(app, expr, after, n)
			if err != nil {
				return nil, false, err
			}
			fresh := make([]candidate, 0, len(rows))
			for _, id := range rows {
				if !taken[id] {
					taken[id] = true
					fresh = append(fresh, candidate{RowID: id, Score: float64(l)})
				}
			}
			readable, err := readableAmong(app, pages, info, p, fresh)
			if err != nil {
				return nil, false, err
			}
			for _, c := range fresh {
				if readable[c.RowID] && len(ranked) < want {
					ranked = append(ranked, c)
				}
			}
			seen += len(rows)
			if len(rows) < n {
				break // this level is done
			}
			after = rows[len(rows)-1]
		}
		if len(ranked) == want {
			return ranked, false, nil
		}
		if seen > 0 {
			exactTop = true // the levels from here down are visited one by one
		} else if l > 1 && !exactTop {
			// The level tokens promised a match at l that the whole query does not hold (a
			// phrase, an exclusion): find the highest level it does hold, asking the whole query,
			// once. Below it, an empty level is only a level no match is at. Whether there is a
			// match at all is asked first: a phrase no page holds costs FTS5 a pass over every
			// page with its words for each question, and the bisection would ask four.
			exactTop = true
			if any, err := matchRows(app, match, 0, 1); err != nil || len(any) == 0 {
				return ranked, true, err
			}
			if l, err = topLevel(app, items, 1, l-1, match); err != nil {
				return nil, false, err
			}
			l++ // the loop steps down to it
		}
		if l == 1 {
			break
		}
	}
	return ranked, true, nil
}

// topLevel is, among levels lo to hi, the highest any page reaches for items, found by bisection
// (four FTS probes for 16 levels), so ranking does not visit the levels above it one by one.
// Without match it asks the level tokens alone: an upper bound on the level of any match, at a
// fraction of the cost, since a phrase's every probe makes FTS5 walk the positions of words
// found on most pages. With match, the page must also match it.
func topLevel(app core.App, items []textseg.Item, lo, hi int, match string) (int, error) {
	return bisectLevel(lo, hi, func(l int) (bool, error) {
		expr := atLeast(items, l)
		if match != "" {
			expr += " AND (" + match + ")"
		}
		rows, err := matchRows(app, expr, 0, 1)
		return len(rows) > 0, err
	})
}

// bisectLevel returns the highest level l from lo to hi for which reached(l) holds, given that it
// holds for lo (or for none) and, once false, stays false for the levels above.
func bisectLevel(lo, hi int, reached func(l int) (bool, error)) (int, error) {
	for lo < hi {
		mid := (lo + hi + 1) / 2
		ok, err := reached(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo, nil
}

// atLevel is the FTS expression of the matches whose level is exactly l. The level tokens come
// first and the levels above are taken out before the query itself is asked: FTS5 then moves a
// phrase to a page at level l and checks its positions there, not on every page of the levels
// above too. (A phrase that page does not hold still makes FTS5 scan on to the phrase's next
// match, wherever it is: FTS5 checks a phrase's pages before it looks at the other terms.)
func atLevel(match string, items []textseg.Item, l int) string {
	expr := atLeast(items, l)
	if l < levelCount {
		expr = "(" + expr + " NOT " + atLeast(items, l+1) + ")"
	}
	return expr + " AND (" + match + ")"
}

// columnMatch is the query's MATCH expression, each prefix phrase limited to the columns a
// person searches: the levels column is for ranking and unit tokens only. Whole terms and unit
// tokens need no filter: every level token holds levelMark and no query term does
// (TestQueryTermsNeverHoldTheMiddleDot), and a unit token is only ever named as one, so
// without the filter FTS5 need not decode each match's positions to learn its columns — most of
// the cost of a word found on most pages.
func columnMatch(q textseg.Query) string {
	return q.MatchExprIn(fmt.Sprintf("{%s %s %s}", schema.SearchIndexTitle, schema.SearchIndexTags, schema.SearchIndexBody))
}

// matchRows returns up to n rowids matching expr after the given one, in rowid order.
func matchRows(app core.App, expr string, after int64, n int) ([]int64, error) {
	var list string
	err := app.DB().NewQuery(fmt.Sprintf("SELECT COALESCE(json_group_array([[rowid]]), '[]') FROM "+
		"(SELECT [[rowid]] FROM {{%[1]s}} WHERE {{%[1]s}} MATCH {:match} AND [[rowid]] > {:after} ORDER BY [[rowid]] LIMIT {:n})",
		schema.SearchIndexTable)).Bind(dbx.Params{"match": expr, "after": after, "n": n}).Row(&list)
	if err != nil {
		return nil, err
	}
	var ids []int64
	err = json.Unmarshal([]byte(list), &ids)
	return ids, err
}

// nextChunk is how many more candidates to read to find missing readable ones, judging by the
// share of readable ones among those seen so far (all of them, at first), with some slack so a
// second look is rarely needed.
func nextChunk(missing, found, seen int) int {
	share := 1.0
	if seen > 0 {
		share = max(float64(found)/float64(seen), 0.05)
	}
	return int(float64(missing)/share*1.25) + 16
}

// exactTitle is what exactTitleRows finds: the matches whose title is the query (readable or
// not), and the first ones the caller may read, best first.
type exactTitle struct {
	all  []int64
	best []candidate
}

// exactTitleRows finds the matches whose title is the query and returns, by level then oldest
// first, the first want the caller may read. Many pages can share a title ("Overview" in every
// space), so levels are only worked out for readable ones, from the top level any of them
// reaches (found by bisection) down to the level that completes want: each level probe is one
// FTS lookup per page still without a level.
func exactTitleRows(app core.App, q textseg.Query, match string, items []textseg.Item, want int,
	readable func([]candidate) (map[int64]bool, error)) (exactTitle, error) {
	var out exactTitle
	var err error
	if out.all, err = exactTitleMatches(app, q, match); err != nil || len(out.all) == 0 {
		return out, err
	}
	cands := make([]candidate, len(out.all))
	for i, id := range out.all {
		cands[i] = candidate{RowID: id, Score: exactTitleBoost}
	}
	ok, err := readable(cands)
	if err != nil {
		return out, err
	}
	cands = slices.DeleteFunc(cands, func(c candidate) bool { return !ok[c.RowID] })
	if len(items) == 0 || len(cands) == 0 {
		out.best = cands[:min(want, len(cands))]
		return out, nil
	}
	left := make([]int64, len(cands))
	for i, c := range cands {
		left[i] = c.RowID
	}
	// Every row left matches the query: its level tokens alone tell its level.
	top, err := bisectLevel(1, levelCount, func(l int) (bool, error) {
		rows, err := matchAmong(app, atLeast(items, l), left, 1)
		return len(rows) > 0, err
	})
	if err != nil {
		return out, err
	}
	level := map[int64]int{}
	for l := top; l >= 1 && len(level) < want && len(left) > 0; l-- {
		// Those still without a level are below l+1: matching "at least l" puts them at l.
		at, err := matchAmong(app, atLeast(items, l), left, 0)
		if err != nil {
			return out, err
		}
		for _, id := range at {
			level[id] = l
		}
		left = slices.DeleteFunc(left, func(id int64) bool { _, done := level[id]; return done })
	}
	for _, c := range cands {
		if l, done := level[c.RowID]; done {
			out.best = append(out.best, candidate{RowID: c.RowID, Score: exactTitleBoost + float64(l)})
		}
	}
	slices.SortStableFunc(out.best, func(a, b candidate) int { return cmp.Compare(b.Score, a.Score) })
	out.best = out.best[:min(want, len(out.best))]
	return out, nil
}

// exactTitleMatches returns, in rowid order, the matches of the query whose title key is the
// query's. A title that holds every required item (textseg's MatchesText, the same semantics as
// FTS5) makes its page a match unless the query excludes something, so FTS5 is asked only about
// the others, or about all when there are exclusions: a prefix or a phrase of common words costs
// FTS5 a pass over all its matches however few rows are asked about.
func exactTitleMatches(app core.App, q textseg.Query, match string) ([]int64, error) {
	var rows []struct {
		ID    int64  `db:"id"`
		Title string `db:"title"`
	}
	err := app.DB().Select(schema.SearchDocsTable+"."+schema.SearchDocID+" AS id", schema.CollectionPages+"."+schema.PageTitle+" AS title").
		From(schema.SearchDocsTable).
		InnerJoin(schema.CollectionPages, dbx.NewExp(fmt.Sprintf("[[%s.id]] = [[%s.%s]]",
			schema.CollectionPages, schema.SearchDocsTable, schema.SearchDocPage))).
		Where(dbx.HashExp{schema.SearchDocsTable + "." + schema.SearchDocTitleKey: queryKey(q)}).
		OrderBy(schema.SearchDocsTable + "." + schema.SearchDocID).Limit(MaxHits).All(&rows)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	var matched, ask []int64
	for _, r := range rows {
		if !q.HasExclusions() && q.MatchesText(r.Title) {
			matched = append(matched, r.ID)
		} else {
			ask = append(ask, r.ID)
		}
	}
	if len(ask) > 0 {
		more, err := matchAmong(app, match, ask, 0)
		if err != nil {
			return nil, err
		}
		matched = append(matched, more...)
		slices.Sort(matched)
	}
	return matched, nil
}

// seekAmongMax is how many rows matchAmong looks up one by one. Each lookup makes FTS5 parse the
// expression and open its iterators anew, so past a few dozen rows one pass over the expression's
// matches, filtered by the rows, costs less.
const seekAmongMax = 16

// matchAmong returns, in rowid order, the rows among ids that match expr, at most limit of them
// (0: no limit).
func matchAmong(app core.App, expr string, ids []int64, limit int) ([]int64, error) {
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rowid := "[[rowid]]" // handed to FTS5: one lookup per id
	if len(ids) > seekAmongMax {
		rowid = "+[[rowid]]" // an expression, not the column: filtered after FTS5 reads the matches
	}
	sql := fmt.Sprintf("SELECT [[rowid]] FROM {{%[1]s}} WHERE {{%[1]s}} MATCH {:match} "+
		"AND %[2]s IN (SELECT [[value]] FROM json_each({:ids})) ORDER BY [[rowid]]", schema.SearchIndexTable, rowid)
	if limit > 0 {
		sql += fmt.Sprintf(" LIMIT %d", limit)
	}
	var out []int64
	err = app.DB().NewQuery(sql).Bind(dbx.Params{"match": expr, "ids": string(list)}).Column(&out)
	return out, err
}

// CountMatches returns how many indexed pages match query, whoever may read them: a figure for
// operators and benchmarks, never for clients, whom it would tell about drafts and private
// spaces.
func CountMatches(app core.App, query string) (int, error) {
	q, err := textseg.ParseQuery(query)
	if err != nil {
		return 0, err
	}
	var n int
	err = app.DB().NewQuery(fmt.Sprintf("SELECT COUNT(*) FROM {{%[1]s}} WHERE {{%[1]s}} MATCH {:match}", schema.SearchIndexTable)).
		Bind(dbx.Params{"match": columnMatch(q)}).Row(&n)
	return n, err
}
