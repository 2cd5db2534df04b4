package markdown

import (
	"html"
	"strings"
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

// RewriteAssets calls rewrite for every <img src> and file <a href> of rendered, in document
// order, and returns the HTML with the URLs rewrite gave. Markdown images, links to files and
// raw HTML <img> tags all reach it the same way, because they are all tags by now.
//
// rendered must be Render's output: the sanitizer writes every tag in one regular form — each
// "<" outside a tag escaped, attribute values double-quoted and escaped, so the first ">" ends
// the tag — which lets this scan the tags instead of parsing the document, at a fraction of a
// parser's cost on every save. A tag that is not in that form is copied as it is. Only the one
// URL value changes, written escaped, so the result is as safe as the input when the new URLs
// are relative.
func RewriteAssets(rendered string, rewrite AssetRewriter) string {
	var out strings.Builder
	done := 0
	for i := 0; i < len(rendered); {
		j := strings.IndexByte(rendered[i:], '<')
		if j < 0 {
			break
		}
		i += j
		kind, attr, ok := assetTag(rendered[i:])
		if !ok {
			i++
			continue
		}
		end := strings.IndexByte(rendered[i:], '>')
		if end < 0 {
			break
		}
		start, stop, ok := attrValue(rendered[i:i+end], attr)
		i += end + 1
		if !ok {
			continue
		}
		tagStart := i - end - 1
		href := html.UnescapeString(rendered[tagStart+start : tagStart+stop])
		if kind == AssetFile && !IsFileHref(href) {
			continue
		}
		to, changed := rewrite(kind, href)
		if !changed || to == href {
			continue
		}
		if out.Len() == 0 {
			out.Grow(len(rendered) + len(rendered)/8)
		}
		out.WriteString(rendered[done : tagStart+start])
		out.WriteString(html.EscapeString(to))
		done = tagStart + stop
	}
	if done == 0 {
		return rendered
	}
	out.WriteString(rendered[done:])
	return out.String()
}

// assetTag reports whether s starts an img or a start tag, and which attribute holds its URL.
func assetTag(s string) (AssetKind, string, bool) {
	switch {
	case strings.HasPrefix(s, "<img "):
		return AssetImage, "src", true
	case strings.HasPrefix(s, "<a "):
		return AssetFile, "href", true
	}
	return "", "", false
}

// attrValue finds ` name="` in tag (which has no ">") and returns the bounds of its value.
func attrValue(tag, name string) (int, int, bool) {
	key := " " + name + `="`
	k := strings.Index(tag, key)
	if k < 0 {
		return 0, 0, false
	}
	start := k + len(key)
	n := strings.IndexByte(tag[start:], '"')
	if n < 0 {
		return 0, 0, false
	}
	return start, start + n, true
}
