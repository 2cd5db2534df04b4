package markdown

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// AssetKind says how a page uses a file: shown as an image or linked to.
type AssetKind string

// The kinds of file reference RewriteAssets reports.
const (
	AssetImage AssetKind = "image"
	AssetFile  AssetKind = "file"
)

// AssetRewriter maps one file reference of a page (an image source, or a link IsFileHref
// accepts) to the URL the rendered page should use, or reports false to leave it as written.
type AssetRewriter func(kind AssetKind, href string) (string, bool)

// RewriteAssets calls rewrite for every <img src> and file <a href> of rendered, which must be
// Render's sanitized output, in document order, and returns the HTML with the URLs rewrite
// gave. Markdown images, links to files and raw HTML <img> tags all reach it the same way,
// because they are all tags by now. Tags it does not change are copied byte for byte; a
// rewritten tag is written again from its parsed attributes, escaped, so the result is as safe
// as the input when the new URLs are relative.
func RewriteAssets(rendered string, rewrite AssetRewriter) string {
	if !strings.Contains(rendered, "<img") && !strings.Contains(rendered, "<a ") {
		return rendered
	}
	var out bytes.Buffer
	out.Grow(len(rendered) + len(rendered)/8)
	z := html.NewTokenizer(strings.NewReader(rendered))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.String()
		}
		raw := z.Raw()
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		if rewriteTag(&tok, rewrite) {
			out.WriteString(tok.String())
		} else {
			out.Write(raw)
		}
	}
}

// rewriteTag rewrites the URL attribute of an img or a file link in place and reports whether
// it changed.
func rewriteTag(tok *html.Token, rewrite AssetRewriter) bool {
	var attr string
	var kind AssetKind
	switch tok.Data {
	case "img":
		attr, kind = "src", AssetImage
	case "a":
		attr, kind = "href", AssetFile
	default:
		return false
	}
	for i, a := range tok.Attr {
		if a.Namespace != "" || a.Key != attr {
			continue
		}
		if kind == AssetFile && !IsFileHref(a.Val) {
			return false
		}
		to, ok := rewrite(kind, a.Val)
		if !ok || to == a.Val {
			return false
		}
		tok.Attr[i].Val = to
		return true
	}
	return false
}
