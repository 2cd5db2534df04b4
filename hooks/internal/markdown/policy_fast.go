package markdown

import (
	"bytes"
	"html"
	"net/url"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
)

// Sanitizing costs in proportion to the raw HTML a body holds. A body with none renders to
// markup goldmark writes itself — every "<" in text and code escaped, every tag in one regular
// form — so instead of parsing and rebuilding the whole document, sanitize checks each tag and
// attribute goldmark wrote against the policy and keeps the document as it is when all of them
// pass. Anything the policy would change or drop (a javascript: link, an explicit heading id
// with a space, a link title with a colon, a list starting at 3) sends the document through the
// sanitizer like raw HTML does. FuzzSanitizeFastPath checks that the result reads, token for
// token, as the sanitizer's output of the same document.

// sanitize returns rendered, goldmark's HTML of doc, as the policy allows it.
func sanitize(doc ast.Node, rendered []byte) []byte {
	if !hasRawHTML(doc) {
		if out, ok := passPolicy(rendered); ok {
			return out
		}
	}
	return policy().SanitizeBytes(filterRawTextTags(rendered))
}

// hasRawHTML reports whether the tree holds raw HTML, inline or as a block.
func hasRawHTML(doc ast.Node) bool {
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.Kind() {
		case ast.KindRawHTML, ast.KindHTMLBlock:
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// passPolicy checks every tag of b, goldmark's HTML of a tree without raw HTML, against the
// policy. It reports false at the first element or attribute the policy would drop or change.
// When all pass it returns b with rel="nofollow" added to links to another host, as the policy
// adds it.
func passPolicy(b []byte) ([]byte, bool) {
	var out []byte
	done := 0
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		end := bytes.IndexByte(b[i:], '>')
		if end < 0 {
			return nil, false
		}
		tag := b[i : i+end]
		i += end + 1
		external, ok := tagPasses(tag)
		if !ok {
			return nil, false
		}
		if external {
			if out == nil {
				out = make([]byte, 0, len(b)+64)
			}
			out = append(out, b[done:i-1]...)
			out = append(out, ` rel="nofollow">`...)
			done = i
		}
	}
	if out == nil {
		return b, true
	}
	return append(out, b[done:]...), true
}

// fastElements are the elements goldmark writes for markdown (GFM and footnotes included) that
// the policy keeps.
var fastElements = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"a": true, "img": true, "em": true, "strong": true, "del": true, "code": true, "pre": true,
	"blockquote": true, "ul": true, "ol": true, "li": true, "br": true, "hr": true, "sup": true,
	"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
	"input": true, "div": true,
}

// tagPasses reports whether tag (the bytes between "<" and ">") is an end tag or a start tag
// the policy keeps as written, and whether it is a link to another host, which the policy
// marks nofollow.
func tagPasses(tag []byte) (external, ok bool) {
	if len(tag) > 0 && tag[0] == '/' {
		return false, fastElements[string(tag[1:])]
	}
	name, rest, _ := bytes.Cut(tag, []byte{' '})
	element := string(name)
	if !fastElements[element] {
		return false, false
	}
	hasAttr := false
	for len(rest) > 0 {
		eq := bytes.IndexByte(rest, '=')
		if eq < 0 || eq+1 >= len(rest) || rest[eq+1] != '"' {
			return false, false
		}
		attr := string(rest[:eq])
		rest = rest[eq+2:]
		q := bytes.IndexByte(rest, '"')
		if q < 0 {
			return false, false
		}
		value := string(rest[:q])
		if strings.IndexByte(value, '&') >= 0 {
			value = html.UnescapeString(value)
		}
		rest = rest[q+1:]
		if len(rest) > 0 {
			if rest[0] != ' ' {
				return false, false
			}
			rest = rest[1:]
		}
		ext, keep := attrPasses(element, attr, value)
		if !keep {
			return false, false
		}
		external = external || ext
		hasAttr = true
	}
	if (element == "a" || element == "img" || element == "input") && !hasAttr {
		return false, false // the policy drops these elements without attributes
	}
	return external, true
}

// attrPasses reports whether the policy keeps attr="value" on element unchanged, and whether it
// is the href of a link to another host.
func attrPasses(element, attr, value string) (external, ok bool) {
	switch element + "." + attr {
	case "a.href":
		u, ok := keptURL(value)
		return ok && u.Host != "", ok
	case "img.src":
		_, ok := keptURL(value)
		return false, ok
	case "a.title", "img.title", "img.alt":
		return false, bluemonday.Paragraph.MatchString(value)
	case "h1.id", "h2.id", "h3.id", "h4.id", "h5.id", "h6.id", "sup.id", "li.id":
		return false, safeID().MatchString(value)
	case "code.class":
		return false, languageClass.MatchString(value)
	case "th.align", "td.align":
		return false, bluemonday.CellAlign.MatchString(value)
	case "a.class":
		return false, value == "footnote-ref" || value == "footnote-backref"
	case "a.role":
		return false, value == "doc-noteref" || value == "doc-backlink"
	case "div.class":
		return false, value == "footnotes"
	case "div.role":
		return false, value == "doc-endnotes"
	case "input.type":
		return false, value == "checkbox"
	case "input.checked", "input.disabled":
		return false, value == "" || value == attr
	}
	return false, false
}

// keptURL reports whether the policy keeps the URL s exactly as written: parseable, without
// white space, relative or with the http, https or mailto scheme, and already in the form
// net/url writes it back in.
func keptURL(s string) (*url.URL, bool) {
	if s == "" || s != strings.TrimSpace(s) || strings.ContainsAny(s, " \t\n") {
		return nil, false
	}
	u, err := url.Parse(s)
	if err != nil || u.String() != s {
		return nil, false
	}
	switch u.Scheme {
	case "", "http", "https", "mailto":
		return u, true
	}
	return nil, false
}
