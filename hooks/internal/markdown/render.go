// Package markdown turns a page's markdown body into what Folio stores on
// save: sanitized HTML, a table of contents, the list of links, and the plain
// text the search index reads. It has no PocketBase dependency so the pages,
// search and transfer concerns can all use it.
package markdown

import (
	"bytes"
	"crypto/sha256"
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Result is a rendered page.
type Result struct {
	// HTML is sanitized and safe to insert into a page as it is.
	HTML string
	// TOC lists every heading in document order.
	TOC []Heading
	// Links lists every link destination in document order, images excluded.
	Links []Link
}

// engine is built once: a goldmark.Markdown holds no per-document state
// (that lives in the parser.Context each call makes), so it is safe for
// concurrent use.
var engine = newEngine(true)

// newEngine builds Folio's goldmark: GFM, footnotes, heading attributes, and
// with guarded the guards of guard.go (without, it is goldmark as published,
// which tests compare against).
func newEngine(guarded bool) goldmark.Markdown {
	// GFM, spelled out to render table alignment as the align attribute,
	// which the sanitizer keeps, instead of a style one, which it drops, and
	// to autolink only the schemes it keeps.
	align := extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)
	var table goldmark.Extender = extension.NewTable(align)
	options := []goldmark.Option{}
	if guarded {
		table = guardedTable{[]extension.TableOption{align}}
		options = append(options, goldmark.WithParser(newParser()))
	}
	return goldmark.New(append(options,
		goldmark.WithExtensions(
			extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
			table,
			extension.Strikethrough,
			extension.TaskList,
			extension.Footnote,
		),
		goldmark.WithParserOptions(
			parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(headingTransformer{}, 0)),
		),
		// Raw HTML is passed through here and made safe by the sanitizer,
		// which knows far more about HTML than goldmark's URL check does.
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)...)
}

func newContext() parser.Context {
	return parser.NewContext(parser.WithIDs(newHeadingIDs()))
}

// Render renders markdown src to sanitized HTML and extracts its table of
// contents and links from the same parse. Heading IDs are unique within the
// document and keep letters of every script; "{#id}" after a heading sets
// one explicitly. Raw HTML is allowed and sanitized; the tags GFM's
// tagfilter disables (script, style, iframe, textarea…) show as text. Hugo shortcodes render
// as inert markup (shortcodes.go).
func Render(src string) (Result, error) {
	source := []byte(tame(expandShortcodes(src, nil, 0)))
	ctx := newContext()
	doc := engine.Parser().Parse(text.NewReader(source), parser.WithContext(ctx))

	var buf bytes.Buffer
	buf.Grow(len(source) + len(source)/2)
	if err := engine.Renderer().Render(&buf, source, doc); err != nil {
		return Result{}, fmt.Errorf("render markdown: %w", err)
	}
	out := fixCheckboxes(sanitize(doc, buf.Bytes()))

	toc, _ := ctx.Get(tocKey).([]Heading)
	links := collectLinks(doc, source)
	// The tree is read-only from here: keep its plain text for PlainText (plaintext_memo.go).
	plainTexts.put(sha256.Sum256(source), plainTextOf(doc, source))
	return Result{HTML: string(out), TOC: toc, Links: links}, nil
}
