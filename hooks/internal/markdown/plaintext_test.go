package markdown_test

import (
	"testing"

	"folio/hooks/internal/markdown"
)

func TestPlainText(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"empty", "", ""},
		{"emphasis and headings", "# Title\n\nSome *emphasis* and **strong** and ~~gone~~ words.",
			"Title\nSome emphasis and strong and gone words."},
		{"soft break is a space", "one\ntwo", "one two"},
		{"hard break is a line", "one  \ntwo", "one\ntwo"},
		{"link text kept, target dropped", "Read [the guide](https://example.com/guide \"T\").",
			"Read the guide."},
		{"reference link", "[docs][d]\n\n[d]: https://example.com", "docs"},
		{"image alt kept, url dropped", "![a cat](https://img.example/cat.png) sits", "a cat sits"},
		{"autolink label kept", "<https://example.com>", "https://example.com"},
		{"inline html tags dropped", "a <span class=\"x\">b</span> <!-- secret --> c", "a b  c"},
		{"html block text kept", "<div>\n<p>one</p><p>two</p>\n</div>", "one\ntwo"},
		{"html block alt and entities", "<div><img alt=\"pic\" src=\"x\">&amp;more</div>", "pic &more"},
		{"html comment block dropped", "<!--\nhidden\n-->\n\nshown", "shown"},
		{"script in html block dropped", "<script>\nvar secret = 1;\n</script>\n\nshown", "shown"},
		{"entities and escapes resolved", `AT&amp;T \*not emphasis\* &#x41;`, "AT&T *not emphasis* A"},
		{"code span verbatim", "use `a &amp; b` here", "use a &amp; b here"},
		{"fenced code kept", "```go\nfmt.Println(\"hi\")\n```", `fmt.Println("hi")`},
		{"lists", "- one\n- two\n  1. nested", "one\ntwo\nnested"},
		{"blockquote", "> quoted\n> text", "quoted text"},
		{"task list boxes dropped", "- [x] done\n- [ ] todo", "done\ntodo"},
		{"table cells", "| a | b |\n|---|---|\n| 1 | 2 |", "a\tb\n1\t2"},
		{"footnote text kept, marker dropped", "Claim[^1].\n\n[^1]: Source.", "Claim.\nSource."},
		{"heading attributes dropped", "## Intro {#start}", "Intro"},
		{"korean and japanese", "# 백엔드\n\n日本語の*文章*です。", "백엔드\n日本語の文章です。"},
		{"thematic break", "a\n\n---\n\nb", "a\nb"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := markdown.PlainText(tc.src); got != tc.want {
				t.Fatalf("PlainText(%q) =\n%q\nwant\n%q", tc.src, got, tc.want)
			}
		})
	}
}
