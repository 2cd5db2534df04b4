package markdown

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Heading is one entry of a page's table of contents.
type Heading struct {
	// Level is 1 for "#" through 6 for "######".
	Level int `json:"level"`
	// ID is the heading's id attribute in the rendered HTML, the anchor a
	// link uses to jump to it.
	ID string `json:"id"`
	// Text is the heading as a reader sees it, without markup: plain text, for
	// textContent or a framework's text binding, never for innerHTML (a heading
	// may read "<img src=x onerror=…>" as text).
	Text string `json:"text"`
	// HTML is Text escaped for HTML and passed through the page sanitizer:
	// safe to insert with innerHTML, and it shows exactly Text.
	HTML string `json:"html"`
}

// HeadingHTML is text as HTML that shows exactly text: escaped, then passed
// through the same sanitizer as every HTML Folio returns.
func HeadingHTML(text string) string {
	escaped := html.EscapeString(text)
	if !strings.ContainsAny(text, "\r\x00") {
		// Escaped text holds no tag: the sanitizer reads it as text, unescapes it
		// and escapes it again the same way, and gives it back as it came. Only a
		// carriage return or a NUL is one its tokenizer rewrites.
		return escaped
	}
	return policy().Sanitize(escaped)
}

// tocKey carries the TOC from the AST transformer to Render through the
// parser context, so headings are walked once.
var tocKey = parser.NewContextKey()

// headingTransformer gives every heading a unique id and records the TOC.
// It runs after inline parsing, unlike goldmark's WithAutoHeadingID, so IDs
// come from the heading's text rather than its raw markdown: "## See
// [docs](https://x.example)" gets "see-docs", not one with the URL in it.
type headingTransformer struct{}

func (headingTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	source := reader.Source()
	headings := headingsOf(doc)
	if len(headings) == 0 {
		return
	}

	// Explicit {#id}s are claimed first, all of them, so a generated ID
	// never takes one that an author wrote further down the page. A repeated
	// explicit ID is treated as a wish and made unique like a generated one.
	ids := pc.IDs()
	toc := make([]Heading, len(headings))
	wish := make([]string, len(headings))
	claimed := map[string]bool{}
	for i, h := range headings {
		text := inlineText(h, source)
		toc[i] = Heading{Level: h.Level, Text: text, HTML: HeadingHTML(text)}
		id, ok := explicitID(h)
		switch {
		case !ok:
			wish[i] = toc[i].Text
		case claimed[id]:
			wish[i] = id
		default:
			claimed[id] = true
			toc[i].ID = id
			ids.Put([]byte(id))
		}
	}
	for i, h := range headings {
		if toc[i].ID == "" {
			id := ids.Generate([]byte(wish[i]), ast.KindHeading)
			h.SetAttributeString("id", id)
			toc[i].ID = string(id)
		}
	}
	pc.Set(tocKey, toc)
}

// headingsOf lists the headings of doc in document order, including those
// nested in lists, quotes and footnotes, since they get anchors too.
func headingsOf(doc *ast.Document) []*ast.Heading {
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			headings = append(headings, h)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return headings
}

// explicitID returns the heading's id attribute if it is one the sanitizer
// will keep. An unsafe one is dropped so the heading gets a generated ID
// instead of none.
func explicitID(h *ast.Heading) (string, bool) {
	v, ok := h.AttributeString("id")
	if !ok {
		return "", false
	}
	var id string
	switch v := v.(type) {
	case []byte:
		id = string(v)
	case string:
		id = v
	}
	if !safeID().MatchString(id) {
		h.RemoveAttributes() // goldmark has no single-attribute removal
		return "", false
	}
	return id, true
}
