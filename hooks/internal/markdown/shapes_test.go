package markdown_test

import (
	"strings"
)

// hostileShape builds a body of n bytes (or a little less) of one shape whose cost in a
// CommonMark parser is known to grow faster than its length: the shapes an outside test sent to
// Folio and the ones cmark's, md4c's, markdown-it's and pulldown-cmark's pathological suites list.
type hostileShape struct {
	name  string
	build func(n int) string
}

func repeatTo(unit string, n int) string {
	return strings.Repeat(unit, max(1, n/len(unit)))
}

func repeatShape(name, unit string) hostileShape {
	return hostileShape{name, func(n int) string { return repeatTo(unit, n) }}
}

var hostileShapes = []hostileShape{
	repeatShape("nested quotes", ">"),
	repeatShape("nested quotes with spaces", "> "),
	repeatShape("unclosed links", "[a]("),
	repeatShape("unclosed links in angle brackets", "[a](<b"),
	repeatShape("numbered list markers on one line", "1. "),
	repeatShape("numbered list markers with parens", "1) "),
	repeatShape("list markers on one line", "+ "),
	{"star list markers on one line", func(n int) string { return repeatTo("* ", n-1) + "a" }},
	{"dash list markers on one line", func(n int) string { return repeatTo("- ", n-1) + "a" }},
	repeatShape("mixed containers on one line", "> 1. - "),
	{"nested brackets", func(n int) string { return strings.Repeat("[", n/2-1) + "a" + strings.Repeat("]", n/2-1) }},
	{"nested brackets over lines", func(n int) string { return repeatTo("[\n", n/2) + "a" + repeatTo("\n]", n/2) }},
	{"nested links", func(n int) string { return strings.Repeat("[a", n/8) + strings.Repeat("](b)", n/8) }},
	repeatShape("link openers without closers", "[a "),
	repeatShape("link closers without openers", "a] "),
	repeatShape("link openers and emphasis closers", "[ a_"),
	repeatShape("brackets and parens", "[ (]("),
	repeatShape("closers then openers over lines", "]([\n"),
	repeatShape("images unclosed", "![a]("),
	repeatShape("footnote references", "[^a]"),
	repeatShape("reference links", "[a][b]"),
	repeatShape("link reference definitions", "[a]: b\n"),
	repeatShape("link reference definitions with titles", "[a]: b 'c'\n"),
	repeatShape("nested emphasis", "*a **a "),
	repeatShape("emphasis delimiters", "*a**a***"),
	repeatShape("emphasis closers without openers", "a_ "),
	repeatShape("emphasis openers without closers", "_a "),
	repeatShape("mismatched emphasis", "*a_ "),
	repeatShape("star underscore", "*_"),
	repeatShape("multiple of three", "a**b c* "),
	repeatShape("strikethrough", "~a"),
	repeatShape("tildes", "~"),
	repeatShape("backticks", "`a``"),
	{"backtick runs of growing length", func(n int) string {
		var b strings.Builder
		for i := 1; b.Len()+i+1 < n; i++ {
			b.WriteString(strings.Repeat("`", i) + "a")
		}
		return b.String()
	}},
	repeatShape("unclosed comments", "a <!--"),
	repeatShape("unclosed processing instructions", "a <?"),
	repeatShape("unclosed cdata", "a <![CDATA["),
	repeatShape("unclosed declarations", "a <!A"),
	repeatShape("unclosed tags", "<a "),
	repeatShape("html blocks", "<div>\n"),
	repeatShape("autolink-like", "www.a."),
	repeatShape("email-like", "a@b."),
	{"table with many columns", func(n int) string {
		c := n / 6
		return strings.Repeat("|a", c) + "\n" + strings.Repeat("|-", c) + "\n" + strings.Repeat("|b", c) + "\n"
	}},
	repeatShape("table rows", "|a|b|\n|-|-|\n"),
	{"table with a wide header over short rows", func(n int) string {
		c := n / 8
		return strings.Repeat("|a", c) + "\n" + strings.Repeat("|-", c) + "\n" + repeatTo("a\n", n/2)
	}},
	// Blocks the pre-pass cannot be sure of, then a shape it bounds: goldmark's guards hold.
	{"table ended by a rule, then emphasis over lines", func(n int) string {
		return "|a|\n|-|\n***\n" + repeatTo(strings.Repeat("*a_ ", 25)+"x\n", n-12)
	}},
	{"fence in a list item, then quotes", func(n int) string { return "- a\n  ```\n" + repeatTo("> ", n-10) + "a" }},
	{"fence in a list item, then definitions", func(n int) string { return "- a\n  ```\n" + repeatTo("[a]: b\n", n-10) }},
	{"fence in a list item, then brackets over lines", func(n int) string {
		return "- a\n  ```\n" + repeatTo("[\n", n/2-5) + "a" + repeatTo("\n]", n/2-5)
	}},
	{"fence in an HTML block, then quotes", func(n int) string { return "<div>\n```\n\n" + repeatTo("> ", n-13) + "a" }},
	repeatShape("headings with attributes", "# a {#b .c d=e}\n"),
	repeatShape("attribute openers", "# a {"),
	{"quote then lazy lines", func(n int) string { return strings.Repeat(">", 1000) + "a\n" + repeatTo("a\n", n-1002) }},
	{"list then lazy lines", func(n int) string { return strings.Repeat("1. ", 300) + "a\n" + repeatTo("a\n", n-902) }},
	{"indented nested lists", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len()+2*i+4 < n; i++ {
			b.WriteString(strings.Repeat(" ", 2*i) + "- a\n")
		}
		return b.String()
	}},
	repeatShape("entities", "&#1234;&amp;"),
	repeatShape("backslashes", "\\"),
	repeatShape("zero bytes", "\x00"),
}
