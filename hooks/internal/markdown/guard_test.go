package markdown_test

import (
	"fmt"
	"strings"
	"testing"

	"folio/hooks/internal/markdown"
)

// TestGuardsLeaveOrdinaryDocumentsAlone: on every ordinary document goldmark with the guards
// writes byte for byte what goldmark as published writes.
func TestGuardsLeaveOrdinaryDocumentsAlone(t *testing.T) {
	for i, doc := range ordinaryDocuments() {
		if markdown.GoldmarkHTML(doc, true) != markdown.GoldmarkHTML(doc, false) {
			t.Errorf("document %d renders differently with the guards", i)
		}
	}
}

// TestGuardsHoldWithoutThePrePass: each guard bounds goldmark's structure on its own, on source
// the pre-pass never saw — what goldmark reads where the pre-pass misjudged a block.
func TestGuardsHoldWithoutThePrePass(t *testing.T) {
	wide := 100
	table := "|" + strings.Repeat("a|", wide) + "\n|" + strings.Repeat("-|", wide) + "\n" + strings.Repeat("a\n", 2000)
	cases := []struct {
		name, src, count string
		guarded, plain   int
	}{
		{"quotes nest", strings.Repeat("> ", 200) + "a", "<blockquote>", markdown.MaxNesting, 200},
		{"lists nest", strings.Repeat("- ", 200) + "a", "<ul>", markdown.MaxNesting, 200},
		{"quotes and lists nest together", strings.Repeat("> 1. ", 100) + "a", "<li>", markdown.MaxNesting / 2, 100},
		{"delimiter runs in a block", strings.Repeat("*a* ", 2000), "<em>", markdown.MaxParagraphDelimiters / 2, 2000},
		{"delimiter runs in a table cell", "|a|\n|-|\n|" + strings.Repeat("*a* ", 2000) + "|", "<em>", markdown.MaxParagraphDelimiters / 2, 2000},
		{"link openers on a line", strings.Repeat("[a](b) ", 200), "<a href", markdown.MaxLinkOpenersPerLine, 200},
		{"link openers in a block", strings.Repeat("[a](b)\n", 2000), "<a href", markdown.MaxParagraphOpeners, 2000},
		{"images in a block", strings.Repeat("![a](b)\n", 2000), "<img", markdown.MaxParagraphOpeners, 2000},
		{"brackets open at once", strings.Repeat("[", 40) + "a](b)", `<a href="b">` + strings.Repeat("[", 40-markdown.MaxOpenBrackets) + "a</a>", 1, 0},
		// Footnote references take their brackets whole: forty of them open nothing.
		{"footnote references", strings.Repeat("[^1] ", 40) + "[a](b)\n\n[^1]: note\n", `<a href="b">a</a>`, 1, 1},
		// Each row of one cell adds wide-1 empty ones: the table ends at the row past the budget.
		{"empty cells", table, "<td", markdown.PaddedCellBudget(table) / (wide - 1) * wide, 2000 * wide},
	}
	for _, c := range cases {
		guarded := markdown.GoldmarkHTML(c.src, true)
		plain := markdown.GoldmarkHTML(c.src, false)
		if n := strings.Count(guarded, c.count); n != c.guarded {
			t.Errorf("%s: %d of %q with the guards, want %d", c.name, n, c.count, c.guarded)
		}
		if n := strings.Count(plain, c.count); n != c.plain {
			t.Errorf("%s: %d of %q without the guards, want %d", c.name, n, c.count, c.plain)
		}
	}
}

// TestEmptyCellBudgetKeepsTheRows: the rows past the budget of empty cells stay in the page, as
// a paragraph after the table, and the budget holds over the document, not each table.
func TestEmptyCellBudgetKeepsTheRows(t *testing.T) {
	var b strings.Builder
	for table := range 3 {
		b.WriteString("|" + strings.Repeat("h|", 50) + "\n|" + strings.Repeat("-|", 50) + "\n")
		for row := range 1000 {
			fmt.Fprintf(&b, "t%dr%d\n", table, row)
		}
		b.WriteString("\n")
	}
	src := b.String()
	out := markdown.GoldmarkHTML(src, true)
	if n, budget := strings.Count(out, "<td></td>"), markdown.PaddedCellBudget(src); n > budget {
		t.Errorf("%d empty cells, the budget is %d", n, budget)
	}
	for table := range 3 {
		for row := range 1000 {
			if cell := fmt.Sprintf("t%dr%d", table, row); !strings.Contains(out, cell) {
				t.Fatalf("%s is gone", cell)
			}
		}
	}
	if !strings.Contains(out, "</table>\n<p>") {
		t.Errorf("the rows past the budget are not a paragraph after the table")
	}
}
