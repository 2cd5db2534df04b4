package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// Link is one link of a rendered page.
type Link struct {
	// Href is the destination as it appears in the rendered HTML: entities
	// and backslash escapes resolved, non-ASCII percent-encoded.
	Href string `json:"href"`
	// Text is the link's visible text without markup.
	Text string `json:"text"`
}

// collectLinks lists every link destination in document order: inline,
// reference and autolinks, not images and not links to files (IsFileHref).
// Links the sanitizer strips (such as javascript: ones) are left out, so the list matches the HTML. Links written
// as raw HTML <a> tags are not listed: they are opaque to the markdown AST.
func collectLinks(doc ast.Node, source []byte) []Link {
	var links []Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var l Link
		switch n := n.(type) {
		case *ast.Link:
			l = Link{Href: string(util.URLEscape(n.Destination, true)), Text: inlineText(n, source)}
		case *ast.AutoLink:
			l = Link{Href: autoLinkHref(n, source), Text: string(n.Label(source))}
		default:
			return ast.WalkContinue, nil
		}
		// Links to files (an image, a PDF) are attachment references, not page links.
		if allowedHref(l.Href) && !IsFileHref(l.Href) {
			links = append(links, l)
		}
		return ast.WalkContinue, nil
	})
	return links
}

// autoLinkHref mirrors goldmark's renderer: e-mail autolinks get "mailto:".
func autoLinkHref(n *ast.AutoLink, source []byte) string {
	url := util.URLEscape(n.URL(source), false)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		return "mailto:" + string(url)
	}
	return string(url)
}
