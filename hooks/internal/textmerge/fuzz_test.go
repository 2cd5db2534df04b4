package textmerge_test

import (
	"strings"
	"testing"

	"folio/hooks/internal/textmerge"
)

var fuzzSeeds = [][3]string{
	{"", "", ""},
	{"a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n"},
	{"a\nb\nc", "a\nb\nc\n", "a\nB\nc"},
	{"a\r\nb\r\n", "a\nb\n", "a\r\nB\r\n"},
	{"a\na\na\n", "a\na\n", "a\na\na\na\n"},
	{"나는 학교에 갔다\n\n我今天去了学校。\n", "나는 집에 갔다\n\n我今天去了学校。\n", "나는 학교에 갔다\n\n我昨天去了学校。\n"},
	{"x\n\xff\n", "x\n\xfe\n", "y\n\xff\n"},
}

func FuzzMerge(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, base, theirs, yours string) {
		res := textmerge.Merge(base, theirs, yours)
		checkResultShape(t, base, theirs, res)
		mustMergeTo(t, "Merge(b, b, y)", textmerge.Merge(base, base, yours), yours)
		mustMergeTo(t, "Merge(b, t, b)", textmerge.Merge(base, theirs, base), theirs)
		mustMergeTo(t, "Merge(b, x, x)", textmerge.Merge(base, yours, yours), yours)
		if res.Clean && theirs == base && res.Text != yours {
			t.Fatalf("clean merge with theirs == base gave %q, want yours %q", res.Text, yours)
		}
		swapped := textmerge.Merge(base, yours, theirs)
		if swapped.Clean != res.Clean || (res.Clean && swapped.Text != res.Text) {
			t.Fatalf("merge is not symmetric: %+v vs swapped %+v", res, swapped)
		}
	})
}

func mustMergeTo(t *testing.T, what string, res textmerge.Result, want string) {
	t.Helper()
	if !res.Clean || res.Text != want {
		t.Fatalf("%s = %+v, want clean %q", what, res, want)
	}
}

// checkResultShape checks what holds for every merge: a conflict names whole
// lines of base at its BaseLine, and a conflicted merge hands back theirs.
func checkResultShape(t *testing.T, base, theirs string, res textmerge.Result) {
	t.Helper()
	if res.Clean != (len(res.Conflicts) == 0) || res.Conflicts == nil {
		t.Fatalf("Clean %v with conflicts %v", res.Clean, res.Conflicts)
	}
	if !res.Clean && res.Text != theirs {
		t.Fatalf("conflicted merge text %q, want theirs", res.Text)
	}
	lines := splitLines(base)
	for _, c := range res.Conflicts {
		if c.BaseLine < 1 || c.BaseLine > len(lines)+1 || c.Theirs == c.Yours {
			t.Fatalf("bad conflict %+v for base of %d lines", c, len(lines))
		}
		rest := strings.Join(lines[c.BaseLine-1:], "")
		if !strings.HasPrefix(rest, c.Base) || (c.Base != "" && c.Base != rest && !strings.HasSuffix(c.Base, "\n")) {
			t.Fatalf("conflict base %q is not whole lines of base from line %d", c.Base, c.BaseLine)
		}
	}
}

func FuzzDiff(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1])
		f.Add(s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		d := textmerge.Diff(from, to)
		if got := applyHunks(t, from, d.Hunks); got != to {
			t.Fatalf("applying the hunks of Diff(%q, %q) gave %q", from, to, got)
		}
		if (from == to) != (d.Unified == "") {
			t.Fatalf("unified diff %q for from == to: %v", d.Unified, from == to)
		}
		for _, h := range d.Hunks {
			for _, l := range h.Lines {
				checkSegments(t, l)
			}
		}
	})
}

// applyHunks applies hunks to from as patch(1) would, checking that every
// context and deleted line matches and that the header numbers agree.
func applyHunks(t *testing.T, from string, hunks []textmerge.Hunk) string {
	t.Helper()
	lines := splitLines(from)
	var out []string
	pos := 0
	for _, h := range hunks {
		start, toStart := h.FromLine-1, h.ToLine-1
		if h.FromCount == 0 {
			start = h.FromLine
		}
		if h.ToCount == 0 {
			toStart = h.ToLine
		}
		if start < pos || start > len(lines) {
			t.Fatalf("hunk %+v starts at %d, already at %d of %d lines", h, start, pos, len(lines))
		}
		out = append(out, lines[pos:start]...)
		pos = start
		if toStart != len(out) {
			t.Fatalf("hunk %+v: to side starts at %d, output has %d lines", h, toStart, len(out))
		}
		pos, out = applyHunk(t, lines, pos, out, h)
	}
	return strings.Join(append(out, lines[pos:]...), "")
}

func applyHunk(t *testing.T, lines []string, pos int, out []string, h textmerge.Hunk) (int, []string) {
	t.Helper()
	from, to := 0, 0
	for _, l := range h.Lines {
		text := l.Text
		if !l.NoNewline {
			text += "\n"
		}
		if l.Op != textmerge.OpInsert {
			if pos >= len(lines) || lines[pos] != text {
				t.Fatalf("hunk %+v: line %q does not match from line %d", h, text, pos+1)
			}
			pos++
			from++
		}
		if l.Op != textmerge.OpDelete {
			out = append(out, text)
			to++
		}
	}
	if from != h.FromCount || to != h.ToCount {
		t.Fatalf("hunk %+v has %d from and %d to lines", h, from, to)
	}
	return pos, out
}

// checkSegments checks that a line's segments rebuild it byte for byte, even
// when it is not valid UTF-8, and only use the ops that side may show.
func checkSegments(t *testing.T, l textmerge.Line) {
	t.Helper()
	if l.Op == textmerge.OpEqual && l.Segments != nil {
		t.Fatalf("equal line with segments: %+v", l)
	}
	var b strings.Builder
	for _, s := range l.Segments {
		if s.Text == "" || (s.Op != textmerge.OpEqual && s.Op != l.Op) {
			t.Fatalf("line %+v has a bad segment %+v", l, s)
		}
		b.WriteString(s.Text)
	}
	if l.Segments != nil && b.String() != l.Text {
		t.Fatalf("segments of %q join to %q", l.Text, b.String())
	}
}

func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
