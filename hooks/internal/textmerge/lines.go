package textmerge

import (
	"strings"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// maxDiffLines keeps line mode inside what diffmatchpatch can encode: it maps
// every distinct line of both texts to one rune and panics past 2,095,100 of
// them. Beyond this (counting all lines, not just distinct ones) the texts are
// treated as wholly replaced: still a correct diff, and a merge conflict
// unless one side left the text alone.
const maxDiffLines = 2_000_000

// lineDiffer bounds the diff time so that a hostile or enormous page cannot
// hold a request; past the deadline diffmatchpatch returns a coarser diff
// that is still correct. Any reader of a page may ask for a diff of two of
// its revisions, so the deadline is short: two megabyte-long revisions of
// short, wholly different lines reach it, and took 2 s each with a 2 s one.
var lineDiffer = func() *diffmatchpatch.DiffMatchPatch {
	d := diffmatchpatch.New()
	d.DiffTimeout = 250 * time.Millisecond
	return d
}()

// lineOp is one run of a line diff: lines that are kept, deleted or inserted.
type lineOp struct {
	op    diffmatchpatch.Operation
	lines []string
}

// diffLines returns the line diff that turns a into b.
func diffLines(a, b string) []lineOp {
	if a == b {
		return []lineOp{{op: diffmatchpatch.DiffEqual, lines: splitLines(a)}}
	}
	if countLines(a)+countLines(b) > maxDiffLines {
		return replaceAll(a, b)
	}
	ca, cb, table := lineDiffer.DiffLinesToChars(a, b)
	diffs := lineDiffer.DiffMain(ca, cb, false)
	diffs = lineDiffer.DiffCharsToLines(diffs, table)
	ops := make([]lineOp, 0, len(diffs))
	for _, d := range diffs {
		ops = append(ops, lineOp{op: d.Type, lines: splitLines(d.Text)})
	}
	return ops
}

func replaceAll(a, b string) []lineOp {
	var ops []lineOp
	if a != "" {
		ops = append(ops, lineOp{op: diffmatchpatch.DiffDelete, lines: splitLines(a)})
	}
	if b != "" {
		ops = append(ops, lineOp{op: diffmatchpatch.DiffInsert, lines: splitLines(b)})
	}
	return ops
}

// splitLines cuts s after every "\n", the way diffmatchpatch does, so that
// joining the pieces gives s back byte for byte.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := make([]string, 0, countLines(s))
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

func countLines(s string) int {
	n := strings.Count(s, "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		n++
	}
	return n
}
