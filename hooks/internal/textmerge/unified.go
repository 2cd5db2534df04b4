package textmerge

import (
	"strconv"
	"strings"
)

// formatUnified writes hunks in the unified format of diff -u and git diff,
// so the output can be fed to patch(1) or git apply.
func formatUnified(o DiffOptions, hunks []Hunk) string {
	var b strings.Builder
	b.WriteString("--- " + o.FromName + "\n+++ " + o.ToName + "\n")
	for _, h := range hunks {
		b.WriteString("@@ -" + formatRange(h.FromLine, h.FromCount) +
			" +" + formatRange(h.ToLine, h.ToCount) + " @@\n")
		for _, l := range h.Lines {
			b.WriteString(unifiedPrefix[l.Op])
			b.WriteString(l.Text)
			b.WriteByte('\n')
			if l.NoNewline {
				b.WriteString("\\ No newline at end of file\n")
			}
		}
	}
	return b.String()
}

var unifiedPrefix = map[string]string{OpEqual: " ", OpDelete: "-", OpInsert: "+"}

// formatRange leaves out a count of 1, as diff(1) and git do.
func formatRange(start, count int) string {
	if count == 1 {
		return strconv.Itoa(start)
	}
	return strconv.Itoa(start) + "," + strconv.Itoa(count)
}
