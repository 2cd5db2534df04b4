package textseg

import (
	"slices"
	"strings"
)

// pattern is a sequence of terms that must sit at consecutive index positions, the last one
// optionally matched as a prefix: exactly an FTS5 phrase.
//
// unit marks a pattern that is one character or syllable (one rune) matched as a prefix: it is
// written as that character's unit token (UnitToken), which a page holds when any of its terms
// starts with the character. FTS5 answers a prefix by merging the posting lists of every term
// that starts with it, thousands for a common syllable; a unit token has one.
//
// thenUnit, when set, is a character that must also start some term of the page: what is left
// of a phrase whose last word is one character or syllable (see item.patterns).
type pattern struct {
	terms    []string
	prefix   bool
	unit     bool
	thenUnit string
}

// patterns returns the alternatives that satisfy one query item; a document matches the item
// if it contains any of them.
//
// A single run searches like this:
//   - word: the word (as prefix if the user typed *);
//   - CJK: the phrase of its bigrams (東京都 → "東京 京都"); one character matches, as a prefix,
//     every bigram it starts and the last character of a run;
//   - Hangul: the whole word or, from three syllables, its bigram phrase, which also matches the
//     word with a particle attached (클러스터 finds 클러스터를); one syllable is a prefix. A
//     typed * adds nothing to a word of two or more syllables: every word that starts with it
//     holds its bigrams in a row, so it searches by them alone.
//
// A lone character or syllable of one rune is looked up by its unit token (UnitToken), which
// matches what the prefix would.
//
// Several runs (a phrase, or a word such as Kubernetes클러스터) form a single phrase that mirrors
// what a document run emits: every run but the last contributes its terms as indexed, which pins
// where the run ends; the last contributes what the single-run rule searches for, so it may run
// on (a CJK run continues, a Hangul word takes a particle: its bigrams come first in the index,
// so no prefix is needed). A last run of one character or syllable would need a prefix there:
// FTS5 merges the posting lists of every term that starts with it over the whole index (0.4–0.9 s
// for a common syllable on 100,000 pages), so the phrase ends before it and the character only
// has to start some term of the page (thenUnit). That matches every page the exact phrase
// matches, and a few where the character stands elsewhere.
func (it item) patterns() []pattern {
	if len(it.runs) == 1 {
		return it.runs[0].alone(it.prefix)
	}
	var terms []string
	for _, r := range it.runs[:len(it.runs)-1] {
		terms = append(terms, r.emitted...)
	}
	last := it.runs[len(it.runs)-1]
	switch {
	case last.class == classWord:
		return []pattern{{terms: append(terms, last.term), prefix: it.prefix}}
	case len(last.pieces) == 1 && isUnit(last.pieces[0]):
		return []pattern{{terms: terms, thenUnit: last.pieces[0]}}
	case len(last.pieces) == 1:
		return []pattern{{terms: append(terms, last.pieces[0]), prefix: true}}
	case last.class == classHangul:
		return []pattern{{terms: append(terms, last.bigrams()...)}}
	default:
		return []pattern{{terms: append(terms, last.bigrams()...), prefix: it.prefix}}
	}
}

// alone is the single-run rule of patterns.
func (r queryRun) alone(prefix bool) []pattern {
	n := len(r.pieces)
	switch {
	case r.class == classWord:
		return []pattern{{terms: []string{r.term}, prefix: prefix}}
	case n == 1:
		return []pattern{{terms: r.pieces, prefix: true, unit: isUnit(r.pieces[0])}}
	case r.class == classCJK:
		return []pattern{{terms: r.bigrams(), prefix: prefix}}
	case n == 2 || prefix:
		return []pattern{{terms: r.bigrams()}}
	default:
		return []pattern{{terms: []string{r.term}}, {terms: r.bigrams()}}
	}
}

func (r queryRun) bigrams() []string {
	out := make([]string, 0, len(r.pieces)-1)
	for i := 0; i+1 < len(r.pieces); i++ {
		out = append(out, r.pieces[i]+r.pieces[i+1])
	}
	return out
}

// MatchExprIn returns the FTS5 MATCH expression for the query, for a table whose columns hold
// IndexText output, and a column of the unit tokens of their terms. Every term is written as a
// double-quoted FTS5 string, so nothing the user typed can act as FTS5 syntax. Forms:
//
//	word                 "word"
//	kube*                "kube"*
//	"quoted phrase"      "quoted phrase"
//	東京都               "東京 京都"
//	首                   "首·"  (its unit token: some term starts with 首)
//	클러스터             ("클러스터" OR "클러 러스 스터")
//	"새 클러스터"        "새 클러 러스 스터"  (클러스터를 too: a Hangul word's bigrams come first)
//	"서버 팀"            ("서버" AND "팀·")  (a last word of one syllable: see item.patterns)
//	a b                  "a" AND "b"
//	a b -c -"d e"        ("a" AND "b") NOT "c" NOT "d e"
//
// FTS5's NOT is binary, hence the parentheses around the required part. An item typed more than
// once is written once: it matches the same pages, and FTS5's work grows with every copy. The
// zero Query gives "".
//
// Each FTS5 prefix phrase is limited to the column filter prefixColumns ("{title body}"; none
// when empty): a prefix names no term, so it would also match the tokens of columns that hold
// other things. Whole terms and unit tokens match only what they name and go unfiltered, which
// spares FTS5 decoding their positions to learn their columns.
func (q Query) MatchExprIn(prefixColumns string) string {
	include, exclude := distinctItems(q.include, prefixColumns), distinctItems(q.exclude, prefixColumns)
	var b strings.Builder
	group := len(include) > 1 && len(exclude) > 0
	if group {
		b.WriteByte('(')
	}
	b.WriteString(strings.Join(include, " AND "))
	if group {
		b.WriteByte(')')
	}
	for _, it := range exclude {
		b.WriteString(" NOT ")
		b.WriteString(it)
	}
	return b.String()
}

// distinctItems writes each item as FTS5 syntax, dropping repeats.
func distinctItems(items []item, prefixColumns string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		var b strings.Builder
		writeItem(&b, it, prefixColumns)
		if !slices.Contains(out, b.String()) {
			out = append(out, b.String())
		}
	}
	return out
}

func writeItem(b *strings.Builder, it item, prefixColumns string) {
	alts := it.patterns()
	if len(alts) > 1 {
		b.WriteByte('(')
	}
	for i, p := range alts {
		if i > 0 {
			b.WriteString(" OR ")
		}
		writePhrase(b, p, prefixColumns)
	}
	if len(alts) > 1 {
		b.WriteByte(')')
	}
}

// writePhrase writes an FTS5 string. Terms never contain a double quote, but doubling it is what
// keeps the string closed if that ever changes.
func writePhrase(b *strings.Builder, p pattern, prefixColumns string) {
	if p.unit {
		token, _ := UnitToken(p.terms[0])
		b.WriteString(`"` + token + `"`)
		return
	}
	if p.thenUnit != "" {
		token, _ := UnitToken(p.thenUnit)
		b.WriteByte('(')
		writePhrase(b, pattern{terms: p.terms}, prefixColumns)
		b.WriteString(` AND "` + token + `")`)
		return
	}
	if p.prefix && prefixColumns != "" {
		b.WriteString(prefixColumns + " : ")
	}
	b.WriteByte('"')
	for i, t := range p.terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ReplaceAll(t, `"`, `""`))
	}
	b.WriteByte('"')
	if p.prefix {
		b.WriteByte('*')
	}
}
