package markdown_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"folio/hooks/internal/markdown"
)

// tocEntry is a TOC entry without its HTML, for comparing the rest.
type tocEntry struct {
	Level    int
	ID, Text string
}

// withoutHTML is toc with each entry's HTML left out.
func withoutHTML(toc []markdown.Heading) []tocEntry {
	if toc == nil {
		return nil
	}
	out := make([]tocEntry, len(toc))
	for i, h := range toc {
		out[i] = tocEntry{h.Level, h.ID, h.Text}
	}
	return out
}

// A heading's text may read like markup — escaped in the source, or markup goldmark does not
// take as a tag — and the reader sees it as text. The entry's html shows exactly that text when
// inserted as HTML: it parses to one text node equal to text, never to an element.
func TestTOCHTMLShowsTheText(t *testing.T) {
	for _, src := range []string{
		`# \<img src=x onerror=alert(1)>`,
		"# `<script>alert(1)</script>` in code",
		`# a <b>bold</b> & "quoted" 'word'`,
		`# <img src=x onerror=alert(1)//`,
		"# [x](javascript:alert(1)) <svg onload=alert(1)>",
		"## 백엔드 & <프로그래밍>",
	} {
		res, err := markdown.Render(src)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.TOC) != 1 {
			t.Fatalf("%q: %d TOC entries", src, len(res.TOC))
		}
		e := res.TOC[0]
		nodes, err := html.ParseFragment(strings.NewReader(e.HTML), &html.Node{Type: html.ElementNode, Data: "li", DataAtom: atom.Li})
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		for _, n := range nodes {
			if n.Type != html.TextNode {
				t.Errorf("%q: html %q holds a %q element", src, e.HTML, n.Data)
			}
			text.WriteString(n.Data)
		}
		if text.String() != e.Text {
			t.Errorf("%q: html %q shows %q, want the text %q", src, e.HTML, text.String(), e.Text)
		}
	}
}
