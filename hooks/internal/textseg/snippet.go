package textseg

import (
	"fmt"
	"html"
	"math/bits"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// defaultSnippetRunes is the window Snippet uses when asked for none.
const defaultSnippetRunes = 160

// Snippet returns the maxRunes-character window of original that contains the most query
// matches (distinct words first, then total hits), HTML-escaped, with whitespace collapsed, every
// match wrapped in <mark>…</mark> and … where the text was cut. Matches are found by
// segmenting original exactly as the index does, so the marks land on what the author wrote:
// Café for the query cafe, 首都 inside 東京都は日本の首都です. A text without matches gives its
// beginning. maxRunes below 1 means 160.
//
// The text is read a paragraph at a time (snippetChunk bytes or more, cut at a line end) and
// reading stops after the paragraph where the last of the query's words first appears: the window
// is the best among the matches up to there. A word found on most pages costs a paragraph per hit,
// not the whole page.
func Snippet(original string, q Query, maxRunes int) string {
	if maxRunes < 1 {
		maxRunes = defaultSnippetRunes
	}
	hits, read := snippetHits(original, q)
	total := utf8.RuneCountInString(original)
	start, end := 0, min(total, maxRunes)
	if len(hits) > 0 && total > maxRunes {
		start, end = bestWindow(original[:read], hits, maxRunes, total)
	}
	bs, be := byteOffset(original, start), byteOffset(original, end)
	inside := hits[:0:0]
	for _, h := range hits {
		if h.start >= bs && h.end <= be {
			inside = append(inside, h)
		}
	}
	bs, be = snapToSpaces(original, bs, be, inside)
	var b strings.Builder
	if bs > 0 {
		b.WriteString("…")
	}
	render(&b, original, bs, be, inside, true)
	if be < len(original) {
		b.WriteString("…")
	}
	return b.String()
}

// snapWithin is how far, in bytes, a window edge may move to avoid cutting a word in half.
const snapWithin = 24

// snapToSpaces shrinks the window [bs, be) to whole words where the text has spaces near its
// edges, without losing a hit. Text without spaces (Chinese, Japanese) is left as cut.
func snapToSpaces(text string, bs, be int, hits []hit) (int, int) {
	first, last := be, bs
	for _, h := range hits {
		first, last = min(first, h.start), max(last, h.end)
	}
	if bs > 0 && !unicode.IsSpace(lastRune(text[:bs])) {
		if i := strings.IndexFunc(text[bs:min(first, bs+snapWithin, be)], unicode.IsSpace); i >= 0 {
			bs += i
		}
	}
	if be < len(text) && !unicode.IsSpace(firstRune(text[be:])) {
		from := max(last, be-snapWithin, bs)
		if i := strings.LastIndexFunc(text[from:be], unicode.IsSpace); i >= 0 {
			be = from + i
		}
	}
	return bs, be
}

// Highlight returns the whole of original, HTML-escaped, with the query's matches marked: for
// short fields such as titles.
func Highlight(original string, q Query) string {
	var b strings.Builder
	render(&b, original, 0, len(original), findHits(original, q), false)
	return b.String()
}

// maxHitsPerItem bounds the matches of one query item that a snippet considers, so the work of
// a snippet is bounded whatever the page repeats: the best window is among the first matches.
const maxHitsPerItem = 256

// hit is a byte span of the original text matched by query item number item.
type hit struct {
	start, end int
	item       int
}

// docToken is a term of a text with its span and the rule that produced it, which decides how
// much of it a prefix match highlights. The term is held as the two folded pieces it joins, a
// then b (a CJK bigram's two characters; any other term is all in a, b empty), so cutting a
// page into terms allocates nothing per term.
type docToken struct {
	a, b       string
	start, end int
	class      class
}

// docTokens cuts text into its terms, in index order.
func docTokens(text string) []docToken {
	doc := make([]docToken, 0, len(text)/8+1)
	eachToken(text, func(a, b string, start, end int, c class) {
		doc = append(doc, docToken{a, b, start, end, c})
	})
	return doc
}

// is reports whether the term is want.
func (t docToken) is(want string) bool {
	return len(t.a)+len(t.b) == len(want) && want[:len(t.a)] == t.a && want[len(t.a):] == t.b
}

// startsWith reports whether the term starts with prefix.
func (t docToken) startsWith(prefix string) bool {
	if len(prefix) <= len(t.a) {
		return strings.HasPrefix(t.a, prefix)
	}
	return prefix[:len(t.a)] == t.a && strings.HasPrefix(t.b, prefix[len(t.a):])
}

// findHits finds, in index order, where the query's required items match the text, using the
// same phrase and prefix semantics as FTS5 so the marks agree with why the row matched.
func findHits(text string, q Query) []hit {
	if len(q.include) == 0 {
		return nil
	}
	doc := docTokens(text)
	var hits []hit
	seen := map[string]bool{}
	for n, it := range q.include {
		// A word typed twice matches the same places twice: look for it once.
		if key := fmt.Sprint(it.patterns()); seen[key] {
			continue
		} else {
			seen[key] = true
		}
		found := 0
		for _, p := range it.patterns() {
			for i := 0; i+len(p.terms) <= len(doc) && found < maxHitsPerItem; i++ {
				if h, ok := matchAt(text, doc[i:i+len(p.terms)], p); ok {
					h.item = n
					hits = append(hits, h)
					found++
				}
			}
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].start != hits[j].start {
			return hits[i].start < hits[j].start
		}
		return hits[i].end > hits[j].end
	})
	return hits
}

// matchAt reports whether the pattern matches the tokens and which span to mark.
func matchAt(text string, toks []docToken, p pattern) (hit, bool) {
	h := hit{start: len(text)}
	for k, t := range toks {
		want := p.terms[k]
		last := k == len(toks)-1
		exact := t.is(want)
		if !exact && !(last && p.prefix && t.startsWith(want)) {
			return hit{}, false
		}
		end := t.end
		if last && !exact && t.class != classWord {
			// 首 found inside 首都, 물 inside 물을: mark the characters searched for, not the
			// whole bigram or word. Words of spaced scripts are marked whole, like FTS5 does.
			end = unitsEnd(text[t.start:t.end], utf8.RuneCountInString(want)) + t.start
		}
		h.start = min(h.start, t.start)
		h.end = max(h.end, end)
	}
	return h, true
}

// unitsEnd returns the byte length of the first n folded characters of s, a CJK or Hangul span.
func unitsEnd(s string, n int) int {
	end := len(s)
	seen := 0
	forEachRun(s, func(r *run) {
		for _, p := range r.pieces {
			if seen < n {
				end = p.end
			}
			seen += utf8.RuneCountInString(p.text)
		}
	})
	return end
}

// snippetChunk is the least text Snippet reads at a time, in bytes.
const snippetChunk = 512

// snippetHits finds the query's matches in text a paragraph at a time until every distinct item
// has matched, and returns them with how many bytes it read.
func snippetHits(text string, q Query) ([]hit, int) {
	want := itemsToCover(q)
	firsts := firstTerms(q)
	var hits []hit
	var seen uint64 // item numbers are below MaxQueryTerms, 32
	from := 0
	for from < len(text) {
		to := len(text)
		if from+snippetChunk < len(text) {
			if i := strings.IndexByte(text[from+snippetChunk:], '\n'); i >= 0 {
				to = from + snippetChunk + i + 1
			}
		}
		chunk := text[from:to]
		if form, ok := scanForm(chunk); ok && !containsAny(form, firsts) {
			from = to
			continue // no word of the query can be in it
		}
		for _, h := range findHits(chunk, q) {
			h.start, h.end = h.start+from, h.end+from
			hits = append(hits, h)
			seen |= 1 << (uint(h.item) % 64)
		}
		from = to
		if bits.OnesCount64(seen) >= want {
			break
		}
	}
	return hits, from
}

// firstTerms lists the first term of every pattern of the query's required items: a match
// starts with a token equal to (or, for a prefix, starting with) one of them.
func firstTerms(q Query) []string {
	var out []string
	for _, it := range q.include {
		for _, p := range it.patterns() {
			if len(p.terms) > 0 {
				out = append(out, p.terms[0])
			}
		}
	}
	return out
}

// scanForm is s as the quick test of snippetHits reads it: ASCII lower-cased, the letters of
// alphabetFolds folded, and CJK ideographs, kana, Hangul syllables, punctuation, symbols and
// spaces as written. Every token of s is then a piece of it, so a text whose scan form contains
// none of the query's first terms holds no match (TestScanFormHoldsEveryToken checks every
// character it accepts). ok is false when s holds a character only the segmenter can fold.
func scanForm(s string) (string, bool) {
	folds := alphabetFolds()
	var b strings.Builder // left empty while s is its own scan form
	for i, r := range s {
		var f string
		switch {
		case 'A' <= r && r <= 'Z':
			f = string(r + 'a' - 'A')
		case keptAsWritten(r):
			if b.Cap() > 0 {
				b.WriteRune(r)
			}
			continue
		default:
			var ok bool
			if f, ok = folds[r]; !ok {
				return "", false
			}
		}
		if b.Cap() == 0 {
			b.Grow(len(s) + len(f))
			b.WriteString(s[:i])
		}
		b.WriteString(f)
	}
	if b.Cap() == 0 {
		return s, true
	}
	return b.String(), true
}

// keptAsWritten reports the characters the index keeps as written (ASCII letters lower-cased)
// or that only separate terms.
func keptAsWritten(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return true
	case 0x4E00 <= r && r <= 0x9FFF: // CJK unified ideographs
		return true
	case 0x3041 <= r && r <= 0x3096: // hiragana
		return true
	case 0x30A1 <= r && r <= 0x30FA, r == 0x30FC: // katakana, the prolonged sound mark
		return true
	case 0xAC00 <= r && r <= 0xD7A3: // Hangul syllables
		return true
	}
	// A character of no term that joins none either (not a mark, not a zero-width joiner) only
	// ends the term before it: Chinese and Japanese punctuation is on every line.
	return classOf(r) == classNone && !isJoiner(r)
}

// containsAny reports whether text contains one of terms.
func containsAny(text string, terms []string) bool {
	for _, t := range terms {
		if strings.Contains(text, t) {
			return true
		}
	}
	return false
}

// itemsToCover is how many different required items the query holds (a word typed twice is
// one), the most a snippet window can cover.
func itemsToCover(q Query) int {
	seen := map[string]bool{}
	for _, it := range q.include {
		seen[fmt.Sprint(it.patterns())] = true
	}
	return len(seen)
}

// bestWindow picks the rune window [start, end) of length maxRunes covering the most distinct
// items, then the most hits, and places it so the hits sit in its middle. text holds at least
// every hit; total is the length in runes of the whole text the window may extend over.
func bestWindow(text string, hits []hit, maxRunes, total int) (int, int) {
	type span struct{ start, end, item int }
	spans := make([]span, len(hits))
	pos, runes := 0, 0
	for i, h := range hits {
		runes += utf8.RuneCountInString(text[pos:h.start])
		pos = h.start
		spans[i] = span{runes, runes + utf8.RuneCountInString(text[h.start:h.end]), h.item}
	}
	bestScore, bestFirst, bestLast := -1, 0, 0
	for i := range spans {
		var items uint64 // item numbers are below MaxQueryTerms, 32
		count, last := 0, i
		for j := i; j < len(spans) && spans[j].start < spans[i].start+maxRunes; j++ {
			if spans[j].end-spans[i].start > maxRunes {
				continue
			}
			items |= 1 << (uint(spans[j].item) % 64)
			count++
			last = max(last, j)
		}
		if score := bits.OnesCount64(items)*10000 + count; score > bestScore {
			bestScore, bestFirst, bestLast = score, i, last
		}
	}
	first, lastEnd := spans[bestFirst].start, spans[bestFirst].end
	for j := bestFirst; j <= bestLast; j++ {
		lastEnd = max(lastEnd, spans[j].end)
	}
	start := max(0, first-(maxRunes-(lastEnd-first))/2)
	end := min(total, start+maxRunes)
	start = max(0, end-maxRunes)
	return start, end
}

// byteOffset converts a rune index into a byte offset of s.
func byteOffset(s string, runeIndex int) int {
	for i := range s {
		if runeIndex == 0 {
			return i
		}
		runeIndex--
	}
	return len(s)
}

// render writes text[from:to] escaped, with hits (sorted by start) merged and marked.
func render(b *strings.Builder, text string, from, to int, hits []hit, collapse bool) {
	pos := from
	for i := 0; i < len(hits); {
		start, end := hits[i].start, hits[i].end
		for i++; i < len(hits) && hits[i].start <= end; i++ {
			end = max(end, hits[i].end)
		}
		if start < pos {
			start = pos // overlaps a mark already written
		}
		writeEscaped(b, text[pos:start], collapse, pos == from)
		b.WriteString("<mark>")
		writeEscaped(b, text[start:end], false, false)
		b.WriteString("</mark>")
		pos = end
	}
	if pos < to {
		tail := text[pos:to]
		if collapse {
			tail = strings.TrimRightFunc(tail, unicode.IsSpace)
		}
		writeEscaped(b, tail, collapse, pos == from)
	}
}

// writeEscaped escapes s; in a snippet, runs of whitespace (line breaks of the markdown source)
// become one space and leading whitespace of the window is dropped.
func writeEscaped(b *strings.Builder, s string, collapse, atStart bool) {
	if !collapse {
		b.WriteString(html.EscapeString(s))
		return
	}
	if atStart {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
	}
	fields := strings.FieldsFunc(s, unicode.IsSpace)
	if len(s) > 0 && unicode.IsSpace(firstRune(s)) && !atStart {
		b.WriteByte(' ')
	}
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(html.EscapeString(f))
	}
	if len(fields) > 0 && unicode.IsSpace(lastRune(s)) {
		b.WriteByte(' ')
	}
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }
func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }
