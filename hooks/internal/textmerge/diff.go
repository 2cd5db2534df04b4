package textmerge

import (
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// The operations of lines and segments, as they appear in JSON.
const (
	// OpEqual marks text present in both versions.
	OpEqual = "equal"
	// OpInsert marks text only the new version has.
	OpInsert = "insert"
	// OpDelete marks text only the old version has.
	OpDelete = "delete"
)

// DiffOptions tunes Diff. The zero value gives git-like output.
type DiffOptions struct {
	// FromName and ToName label the "---" and "+++" headers of the unified
	// diff; they default to "a" and "b".
	FromName, ToName string
	// Context is the number of unchanged lines shown around each change;
	// 0 means the customary 3.
	Context int
}

// DiffResult is a line diff of two texts, as a unified diff for tools and
// people and as hunks for clients that draw their own view.
type DiffResult struct {
	// Unified is a standard unified diff, empty when the texts are equal.
	Unified string `json:"unified"`
	// Hunks are the same changes, structured; empty, never nil, when equal.
	Hunks []Hunk `json:"hunks"`
}

// Hunk is one group of changes with its context. The numbers are those of the
// "@@ -FromLine,FromCount +ToLine,ToCount @@" header: 1-based first lines,
// except that an empty range names the line after which it sits (0 = before
// the first line).
type Hunk struct {
	FromLine  int    `json:"from_line"`
	FromCount int    `json:"from_count"`
	ToLine    int    `json:"to_line"`
	ToCount   int    `json:"to_count"`
	Lines     []Line `json:"lines"`
}

// Line is one line of a hunk. Text is the line without its "\n" (a "\r" of a
// CRLF line stays, as it is part of the line); NoNewline marks the last line
// of a text that does not end in a newline. A deleted line paired with an
// inserted line — the i-th deleted with the i-th inserted of a replaced block
// — carries Segments, an inline diff of the two that concatenates to Text.
type Line struct {
	Op        string    `json:"op"`
	Text      string    `json:"text"`
	NoNewline bool      `json:"no_newline,omitzero"`
	Segments  []Segment `json:"segments,omitzero"`
}

// Diff compares from with to line by line. Only the first opts is used.
func Diff(from, to string, opts ...DiffOptions) DiffResult {
	var o DiffOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	o = o.withDefaults()
	res := DiffResult{Hunks: []Hunk{}}
	if from == to {
		return res
	}
	res.Hunks = groupHunks(diffRows(from, to), o.Context)
	res.Unified = formatUnified(o, res.Hunks)
	return res
}

func (o DiffOptions) withDefaults() DiffOptions {
	if o.FromName == "" {
		o.FromName = "a"
	}
	if o.ToName == "" {
		o.ToName = "b"
	}
	if o.Context <= 0 {
		o.Context = 3
	}
	return o
}

// row is a diff line and where it stands: the 0-based index of the next
// line of from and of to at that point.
type row struct {
	line     Line
	from, to int
}

// diffRows lists every line of the diff in order, each replaced block as its
// deleted lines followed by its inserted lines.
func diffRows(from, to string) []row {
	ops := diffLines(from, to)
	budget := maxInlineWork
	// Every line of either text is one row at most: no growing copies of a long diff.
	rows := make([]row, 0, countLines(from)+countLines(to))
	f, t := 0, 0
	for i := 0; i < len(ops); i++ {
		if ops[i].op == diffmatchpatch.DiffEqual {
			for _, l := range ops[i].lines {
				rows = append(rows, row{newLine(OpEqual, l), f, t})
				f, t = f+1, t+1
			}
			continue
		}
		var dels, ins []string
		for ; i < len(ops) && ops[i].op != diffmatchpatch.DiffEqual; i++ {
			if ops[i].op == diffmatchpatch.DiffDelete {
				dels = append(dels, ops[i].lines...)
			} else {
				ins = append(ins, ops[i].lines...)
			}
		}
		i--
		rows = appendReplaced(rows, dels, ins, f, t, &budget)
		f, t = f+len(dels), t+len(ins)
	}
	return rows
}

// appendReplaced appends the rows of a replaced block and pairs its lines for inline diffs,
// spending budget (see maxInlineWork).
func appendReplaced(rows []row, dels, ins []string, f, t int, budget *int) []row {
	first := len(rows)
	for k, l := range dels {
		rows = append(rows, row{newLine(OpDelete, l), f + k, t})
	}
	for k, l := range ins {
		rows = append(rows, row{newLine(OpInsert, l), f + len(dels), t + k})
	}
	for k := 0; k < min(len(dels), len(ins)); k++ {
		d, n := &rows[first+k].line, &rows[first+len(dels)+k].line
		d.Segments, n.Segments = inlineSegments(d.Text, n.Text, budget)
	}
	return rows
}

func newLine(op, raw string) Line {
	text, ok := strings.CutSuffix(raw, "\n")
	return Line{Op: op, Text: text, NoNewline: !ok}
}

// groupHunks cuts the rows into hunks: each change with ctx lines of context
// on either side, changes closer than 2*ctx unchanged lines sharing a hunk.
func groupHunks(rows []row, ctx int) []Hunk {
	hunks := []Hunk{}
	for i := 0; i < len(rows); {
		for i < len(rows) && rows[i].line.Op == OpEqual {
			i++
		}
		if i == len(rows) {
			break
		}
		start, end := max(i-ctx, 0), i
		for {
			for end < len(rows) && rows[end].line.Op != OpEqual {
				end++
			}
			next := end
			for next < len(rows) && rows[next].line.Op == OpEqual {
				next++
			}
			if next == len(rows) || next-end > 2*ctx {
				break
			}
			end = next
		}
		i = min(end+ctx, len(rows))
		hunks = append(hunks, newHunk(rows[start:i]))
	}
	return hunks
}

func newHunk(rows []row) Hunk {
	h := Hunk{Lines: make([]Line, len(rows))}
	for k, r := range rows {
		h.Lines[k] = r.line
		if r.line.Op != OpInsert {
			h.FromCount++
		}
		if r.line.Op != OpDelete {
			h.ToCount++
		}
	}
	h.FromLine = headerStart(rows[0].from, h.FromCount)
	h.ToLine = headerStart(rows[0].to, h.ToCount)
	return h
}

// headerStart follows diff(1): a range is named by its 1-based first line,
// an empty one by the line before it.
func headerStart(index, count int) int {
	if count == 0 {
		return index
	}
	return index + 1
}
