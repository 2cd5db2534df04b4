package textmerge_test

import (
	"math/rand"
	"strings"
	"testing"

	"folio/hooks/internal/textmerge"
)

// wordLine is a line of n words drawn from a three-word vocabulary: two such lines differ all
// along, the costliest shape for an inline diff.
func wordLine(r *rand.Rand, n int) string {
	words := []string{"alpha", "beta", "gamma"}
	out := make([]string, n)
	for i := range out {
		out[i] = words[r.Intn(len(words))]
	}
	return strings.Join(out, " ")
}

// Inline diffs share one budget per Diff: a revision whose every long line changed gets inline
// segments for its first pairs and whole-line replacements for the rest, and every line still
// reads back from its segments.
func TestInlineDiffsShareABudget(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var from, to strings.Builder
	const lines = 60
	for range lines {
		from.WriteString(wordLine(r, 1000) + "\n")
		to.WriteString(wordLine(r, 1000) + "\n")
	}
	d := textmerge.Diff(from.String(), to.String())
	inline, whole := 0, 0
	for _, h := range d.Hunks {
		for _, l := range h.Lines {
			if l.Op != textmerge.OpDelete {
				continue
			}
			var text strings.Builder
			for _, s := range l.Segments {
				text.WriteString(s.Text)
			}
			if text.String() != l.Text {
				t.Fatalf("a deleted line's segments do not read back as the line")
			}
			if len(l.Segments) > 1 {
				inline++
			} else {
				whole++
			}
		}
	}
	if inline == 0 || whole == 0 || inline+whole != lines {
		t.Errorf("%d pairs diffed inline and %d shown whole, want some of each out of %d", inline, whole, lines)
	}
}

// BenchmarkDiffHostile is a diff of two megabyte-long revisions of short lines that all differ:
// the line diff reaches its deadline, and the rest is linear in the lines.
func BenchmarkDiffHostile(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	var from, to strings.Builder
	for from.Len() < 1<<20 {
		from.WriteString(string(rune('a'+r.Intn(26))) + strings.Repeat("x", r.Intn(3)) + "\n")
		to.WriteString(string(rune('a'+r.Intn(26))) + strings.Repeat("x", r.Intn(3)) + "\n")
	}
	b.SetBytes(int64(from.Len()))
	for b.Loop() {
		textmerge.Diff(from.String(), to.String())
	}
}

// BenchmarkDiffLongLines is a diff of two megabyte-long revisions whose lines of 1,000 words all
// changed: the inline budget bounds it.
func BenchmarkDiffLongLines(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	var from, to strings.Builder
	for from.Len() < 1<<20 {
		from.WriteString(wordLine(r, 1000) + "\n")
		to.WriteString(wordLine(r, 1000) + "\n")
	}
	b.SetBytes(int64(from.Len()))
	for b.Loop() {
		textmerge.Diff(from.String(), to.String())
	}
}
