package textmerge

import (
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Result is the outcome of a three-way merge.
type Result struct {
	// Text is the merged text when Clean. When not, it is the theirs text
	// unchanged: callers must not save it, but one that does by mistake
	// changes nothing rather than saving half a merge.
	Text string `json:"text"`
	// Conflicts lists the regions both sides changed differently, in base
	// order. It is empty, never nil, when the merge is clean.
	Conflicts []Conflict `json:"conflicts"`
	// Clean reports that every change was merged without conflict.
	Clean bool `json:"clean"`
}

// Conflict is one region of base that both sides changed differently.
// Base, Theirs and Yours are whole lines, each with its own line ending.
type Conflict struct {
	// BaseLine is the 1-based line in base where the region starts. For an
	// insertion at the same point by both sides Base is empty and BaseLine
	// is the line the insertions precede (len(base lines)+1 at the end).
	BaseLine int    `json:"base_line"`
	Base     string `json:"base"`
	Theirs   string `json:"theirs"`
	Yours    string `json:"yours"`
}

// Merge merges the changes base→theirs and base→yours, the classic diff3 way.
// A region changed by one side only takes that side; a region changed the
// same way by both merges; changes by both sides that overlap or touch (with
// no unchanged line between them) are a conflict unless they produce the same
// text. Touching counts as overlapping because two edits of neighbouring lines
// are too often one thought — a sentence rewrapped, a list reordered — to
// splice silently.
func Merge(base, theirs, yours string) Result {
	if theirs == yours {
		// Also the guard against two runs of a timed-out diff on the same
		// pair drawing different hunks and splicing the same edit twice.
		return Result{Text: theirs, Conflicts: []Conflict{}, Clean: true}
	}
	lines := splitLines(base)
	chunks := groupChunks(hunksOf(diffLines(base, theirs)), hunksOf(diffLines(base, yours)))
	var out strings.Builder
	out.Grow(max(len(theirs), len(yours)))
	conflicts := []Conflict{}
	pos := 0
	for _, c := range chunks {
		writeLines(&out, lines[pos:c.lo])
		text, conflict, ok := c.resolve(lines)
		if !ok {
			conflicts = append(conflicts, conflict)
		}
		out.WriteString(text)
		pos = c.hi
	}
	writeLines(&out, lines[pos:])
	if len(conflicts) > 0 {
		return Result{Text: theirs, Conflicts: conflicts}
	}
	return Result{Text: out.String(), Conflicts: conflicts, Clean: true}
}

// hunk replaces the base lines [start, end) with text; start == end is a
// pure insertion before line start.
type hunk struct {
	start, end int
	text       string
}

// hunksOf turns a line diff of base into base-addressed hunks. Adjacent
// deletions and insertions form one hunk: together they are one replacement.
func hunksOf(ops []lineOp) []hunk {
	var hunks []hunk
	pos, open := 0, false
	for _, o := range ops {
		if o.op == diffmatchpatch.DiffEqual {
			pos += len(o.lines)
			open = false
			continue
		}
		if !open {
			hunks = append(hunks, hunk{start: pos, end: pos})
			open = true
		}
		h := &hunks[len(hunks)-1]
		if o.op == diffmatchpatch.DiffDelete {
			pos += len(o.lines)
			h.end = pos
		} else {
			h.text += strings.Join(o.lines, "")
		}
	}
	return hunks
}

// chunk is a region [lo, hi) of base and the hunks of each side inside it.
type chunk struct {
	lo, hi        int
	theirs, yours []hunk
}

// groupChunks sweeps both sides' hunks in base order and groups those that
// overlap or touch, transitively, into chunks. Each side's hunks in a chunk
// are consecutive, so a chunk holds sub-slices of the inputs.
func groupChunks(theirs, yours []hunk) []chunk {
	var chunks []chunk
	i, j := 0, 0
	for i < len(theirs) || j < len(yours) {
		var c chunk
		ti, yj := i, j
		if j == len(yours) || (i < len(theirs) && theirs[i].start <= yours[j].start) {
			c.lo, c.hi = theirs[i].start, theirs[i].end
			i++
		} else {
			c.lo, c.hi = yours[j].start, yours[j].end
			j++
		}
		for {
			if i < len(theirs) && theirs[i].start <= c.hi {
				c.hi = max(c.hi, theirs[i].end)
				i++
			} else if j < len(yours) && yours[j].start <= c.hi {
				c.hi = max(c.hi, yours[j].end)
				j++
			} else {
				break
			}
		}
		c.theirs, c.yours = theirs[ti:i], yours[yj:j]
		chunks = append(chunks, c)
	}
	return chunks
}

// resolve returns the merged text of the chunk, or the conflict it is.
func (c chunk) resolve(base []string) (string, Conflict, bool) {
	theirs := c.sideText(base, c.theirs)
	yours := c.sideText(base, c.yours)
	switch {
	case len(c.yours) == 0:
		return theirs, Conflict{}, true
	case len(c.theirs) == 0, theirs == yours:
		return yours, Conflict{}, true
	}
	return "", Conflict{
		BaseLine: c.lo + 1,
		Base:     strings.Join(base[c.lo:c.hi], ""),
		Theirs:   theirs,
		Yours:    yours,
	}, false
}

// sideText is what one side made of the chunk's base lines.
func (c chunk) sideText(base []string, hunks []hunk) string {
	var b strings.Builder
	pos := c.lo
	for _, h := range hunks {
		writeLines(&b, base[pos:h.start])
		b.WriteString(h.text)
		pos = h.end
	}
	writeLines(&b, base[pos:c.hi])
	return b.String()
}

func writeLines(b *strings.Builder, lines []string) {
	for _, l := range lines {
		b.WriteString(l)
	}
}
