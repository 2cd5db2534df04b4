package textmerge

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Segment is a piece of the inline diff of a changed line: text both lines
// share (OpEqual) or text only the deleted (OpDelete) or inserted (OpInsert)
// line has.
type Segment struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// maxInlineTokens bounds the work spent on one pair of lines; a longer pair
// is shown as wholly replaced. It also keeps token runes far below the
// surrogate range, which a rune cannot encode.
const maxInlineTokens = 4000

// maxInlineWork bounds the inline diffs of one Diff together. A pair of lines
// costs the product of their token counts (the diff's worst case) plus
// inlineCallCost; once the budget is spent, the pairs left are shown as
// wholly replaced, as a pair over maxInlineTokens is. Without it, two large
// revisions whose every line changed took seconds of CPU to compare (525
// lines of 1,000 tokens: 3 s), on a route any reader of a page may call.
// Edits of ordinary size (a hundred paragraphs of 300 words) stay well inside.
const (
	maxInlineWork  = 4_000_000
	inlineCallCost = 256
)

// inlineDiffer has no deadline: the token cap bounds the work, and a
// deadline would make the same pair of lines render differently from call
// to call.
var inlineDiffer = func() *diffmatchpatch.DiffMatchPatch {
	d := diffmatchpatch.New()
	d.DiffTimeout = 0
	return d
}()

// inlineSegments diffs a deleted line against the inserted line that
// replaced it. Words are the unit in space-separated scripts, so a changed
// word reads as one replacement rather than a scatter of letters; every Han,
// Kana and Hangul character is a unit of its own, because those scripts do
// not put spaces between words (and Korean glues particles to them), so a
// word-level diff would replace whole sentences or phrases.
func inlineSegments(before, after string, budget *int) (beforeSegs, afterSegs []Segment) {
	if *budget < inlineCallCost {
		return wholeSegment(OpDelete, before), wholeSegment(OpInsert, after)
	}
	ta, tb := tokenize(before), tokenize(after)
	cost := len(ta)*len(tb) + inlineCallCost
	if len(ta)+len(tb) > maxInlineTokens || cost > *budget {
		*budget -= inlineCallCost // the tokenizing was work too
		return wholeSegment(OpDelete, before), wholeSegment(OpInsert, after)
	}
	*budget -= cost
	ra, rb, table := encodeTokens(ta, tb)
	diffs := inlineDiffer.DiffMainRunes(ra, rb, false)
	for i := range diffs {
		diffs[i].Text = decodeTokens(diffs[i].Text, table)
	}
	// The semantic cleanup goes through []rune, which would replace invalid
	// bytes and break the promise that segments concatenate to the line.
	if utf8.ValidString(before) && utf8.ValidString(after) {
		diffs = inlineDiffer.DiffCleanupSemantic(diffs)
	}
	return splitSegments(diffs)
}

func wholeSegment(op, text string) []Segment {
	if text == "" {
		return nil
	}
	return []Segment{{Op: op, Text: text}}
}

// tokenize cuts a line into words, runs of spaces, single CJK characters and
// single other characters (punctuation). Tokens are byte slices of the line,
// so they join back to it exactly even if it is not valid UTF-8.
func tokenize(s string) []string {
	var tokens []string
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		j := i + w
		switch {
		case isCJK(r):
		case isWordRune(r):
			j = scanWhile(s, j, isWordRune)
		case unicode.IsSpace(r):
			j = scanWhile(s, j, unicode.IsSpace)
		}
		tokens = append(tokens, s[i:j])
		i = j
	}
	return tokens
}

func scanWhile(s string, i int, ok func(rune) bool) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !ok(r) {
			break
		}
		i += w
	}
	return i
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func isWordRune(r rune) bool {
	if isCJK(r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_'
}

// encodeTokens maps every distinct token to one rune, so that
// diffmatchpatch's character diff becomes a token diff — the same trick its
// line mode plays with lines.
func encodeTokens(a, b []string) ([]rune, []rune, []string) {
	var table []string
	ids := make(map[string]rune, len(a)+len(b))
	encode := func(tokens []string) []rune {
		runes := make([]rune, len(tokens))
		for i, t := range tokens {
			id, ok := ids[t]
			if !ok {
				table = append(table, t)
				id = rune(len(table)) // from 1; maxInlineTokens keeps it small
				ids[t] = id
			}
			runes[i] = id
		}
		return runes
	}
	ra := encode(a)
	rb := encode(b)
	// Not one return statement: Go leaves unspecified whether table is read
	// before or after the calls that grow it.
	return ra, rb, table
}

func decodeTokens(encoded string, table []string) string {
	var b strings.Builder
	for _, id := range encoded {
		b.WriteString(table[id-1])
	}
	return b.String()
}

// splitSegments turns one diff into the segments of each line.
func splitSegments(diffs []diffmatchpatch.Diff) (oldSegs, newSegs []Segment) {
	for _, d := range diffs {
		if d.Text == "" {
			continue
		}
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			oldSegs = appendSegment(oldSegs, OpEqual, d.Text)
			newSegs = appendSegment(newSegs, OpEqual, d.Text)
		case diffmatchpatch.DiffDelete:
			oldSegs = appendSegment(oldSegs, OpDelete, d.Text)
		case diffmatchpatch.DiffInsert:
			newSegs = appendSegment(newSegs, OpInsert, d.Text)
		}
	}
	return oldSegs, newSegs
}

// appendSegment joins a segment to the previous one of the same op: the
// other line's pieces between them are not this line's business.
func appendSegment(segs []Segment, op, text string) []Segment {
	if n := len(segs); n > 0 && segs[n-1].Op == op {
		segs[n-1].Text += text
		return segs
	}
	return append(segs, Segment{Op: op, Text: text})
}
