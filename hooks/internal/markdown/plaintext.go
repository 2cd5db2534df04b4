package markdown

import (
	"bytes"
	"crypto/sha256"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// PlainText returns the text of markdown src as a search index should see
// it: what a reader reads, without markup. Link and image targets are
// dropped while link texts and alt texts stay, HTML tags and comments are
// dropped while the text between them stays, code is kept verbatim, and every
// block ends a line (table cells are separated by tabs).
//
// When Render parsed the same source recently (a page save renders the body, then the search
// index asks for its text), the text is taken from that parse instead of parsing again.
func PlainText(src string) string {
	source := []byte(tame(expandShortcodes(src, nil, 0)))
	if text, ok := plainTexts.get(sha256.Sum256(source)); ok {
		return text
	}
	doc := engine.Parser().Parse(text.NewReader(source), parser.WithContext(newContext()))
	return plainTextOf(doc, source)
}

// plainTextOf is the plain text of a parsed document.
func plainTextOf(doc ast.Node, source []byte) string {
	var w textWriter
	w.walk(doc, source)
	return dropBlankLines(w.String())
}

// dropBlankLines removes blank lines and the spaces around lines that code
// blocks and HTML leave behind: to an index they are noise.
func dropBlankLines(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	return b.String()
}

// inlineText is the plain text of one node's inline content, such as a
// heading or a link label.
func inlineText(n ast.Node, source []byte) string {
	var w textWriter
	w.walk(n, source)
	return strings.TrimSpace(w.String())
}

// textWriter accumulates plain text while walking a goldmark AST.
type textWriter struct {
	strings.Builder
}

func (w *textWriter) walk(root ast.Node, source []byte) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			w.leave(n)
			return ast.WalkContinue, nil
		}
		return w.enter(n, source), nil
	})
}

func (w *textWriter) enter(n ast.Node, source []byte) ast.WalkStatus {
	switch n := n.(type) {
	case *ast.Text:
		if n.IsRaw() {
			w.Write(n.Value(source))
		} else {
			w.Write(unescapeText(n.Value(source)))
		}
		switch {
		case n.HardLineBreak():
			w.WriteByte('\n')
		case n.SoftLineBreak():
			w.WriteByte(' ')
		}
	case *ast.String:
		w.Write(n.Value)
	case *ast.CodeSpan:
		// Code is shown verbatim, so entities and backslashes stay as typed.
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				w.Write(t.Value(source))
			}
		}
		return ast.WalkSkipChildren
	case *ast.AutoLink:
		// The label of an autolink is the visible text, even though it is
		// also the target.
		w.Write(n.Label(source))
		return ast.WalkSkipChildren
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		w.newline()
		w.writeLines(n.Lines(), source)
		return ast.WalkSkipChildren
	case *ast.HTMLBlock:
		w.newline()
		var raw bytes.Buffer
		writeSegments(&raw, n.Lines(), source)
		if n.HasClosure() {
			raw.Write(n.ClosureLine.Value(source))
		}
		w.writeHTMLText(raw.Bytes())
		return ast.WalkSkipChildren
	case *ast.RawHTML, *extast.TaskCheckBox, *extast.FootnoteLink, *extast.FootnoteBacklink:
		return ast.WalkSkipChildren
	case *extast.TableCell:
		if n.PreviousSibling() != nil {
			w.WriteByte('\t')
		}
	}
	return ast.WalkContinue
}

func (w *textWriter) leave(n ast.Node) {
	switch n.(type) {
	case *extast.TableCell:
	default:
		if n.Type() == ast.TypeBlock {
			w.newline()
		}
	}
}

// newline ends the current line unless it is already ended, so nested
// blocks do not pile up blank lines.
func (w *textWriter) newline() {
	if s := w.String(); s != "" && s[len(s)-1] != '\n' {
		w.WriteByte('\n')
	}
}

func (w *textWriter) writeLines(lines *text.Segments, source []byte) {
	var b bytes.Buffer
	writeSegments(&b, lines, source)
	w.Write(b.Bytes())
}

func writeSegments(b *bytes.Buffer, lines *text.Segments, source []byte) {
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(source))
	}
}

// writeHTMLText keeps the text of an HTML block: the words between tags,
// alt texts of images, a line break at block-level tags so that
// "<p>a</p><p>b</p>" does not read as one word "ab", and nothing from
// comments, scripts or styles.
func (w *textWriter) writeHTMLText(raw []byte) {
	z := html.NewTokenizer(bytes.NewReader(raw))
	skip := ""
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			if skip == "" {
				w.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			name := tok.Data
			switch {
			case tt == html.EndTagToken && name == skip:
				skip = ""
			case skip != "":
			case tt == html.StartTagToken && (name == "script" || name == "style"):
				skip = name
			case name == "img":
				for _, a := range tok.Attr {
					if a.Key == "alt" {
						// Spaces keep the alt text from gluing to
						// the words around it.
						w.WriteString(" " + a.Val + " ")
					}
				}
			case !inlineTags[name]:
				w.newline()
			}
		}
	}
}

// inlineTags are the HTML elements that do not break a line of text.
var inlineTags = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true,
	"code": true, "data": true, "del": true, "dfn": true, "em": true, "i": true,
	"ins": true, "kbd": true, "mark": true, "q": true, "rp": true, "rt": true,
	"ruby": true, "s": true, "samp": true, "small": true, "span": true,
	"strong": true, "sub": true, "sup": true, "time": true, "u": true,
	"var": true, "wbr": true, "font": true, "strike": true, "tt": true,
}

// unescapeText resolves backslash escapes and entity references the way
// goldmark's HTML writer does, so "AT&amp;T" indexes as "AT&T".
func unescapeText(v []byte) []byte {
	v = util.UnescapePunctuations(v)
	v = util.ResolveNumericReferences(v)
	return util.ResolveEntityNames(v)
}
