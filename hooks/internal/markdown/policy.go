package markdown

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// policy is the one sanitizer every rendered page goes through. Markdown
// may carry raw HTML (knowledge bases imported from Wiki.js rely on it), so
// goldmark renders it as written and this policy decides what survives.
// A bluemonday.Policy is safe for concurrent use once built. It is built on
// first use, not at package init, so processes that render nothing (the CLI,
// a server that has not rendered yet) do not pay for it.
var policy = sync.OnceValue(func() *bluemonday.Policy {
	p := newPolicy()
	allowShortcodeMarkup(p)
	return p
})

func newPolicy() *bluemonday.Policy {
	// UGCPolicy already limits URLs to http, https, mailto and relative ones
	// and drops script, style, iframe, object, embed, svg, math and forms.
	p := bluemonday.UGCPolicy()

	// Heading and footnote anchors must survive in any script: UGCPolicy's
	// own id rule only admits ASCII.
	p.AllowAttrs("id").Matching(safeID()).OnElements("h1", "h2", "h3", "h4", "h5", "h6", "sup", "li")

	// Documentation writes keyboard shortcuts as <kbd>; UGCPolicy omits it.
	p.AllowElements("kbd")

	// Syntax highlighters in the client key on language-* classes.
	p.AllowAttrs("class").Matching(languageClass).OnElements("code")

	// Footnotes, as goldmark writes them.
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^footnotes$`)).OnElements("div")
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^doc-endnotes$`)).OnElements("div")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^footnote-(ref|backref)$`)).OnElements("a")
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^doc-(noteref|backlink)$`)).OnElements("a")

	// Task-list checkboxes. bluemonday cannot require attributes to appear
	// together, so fixCheckboxes turns every surviving input into a
	// disabled checkbox afterwards.
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^(|checked|disabled)$`)).OnElements("input")

	// Internal links between pages must not be nofollow; external ones are.
	p.RequireNoFollowOnLinks(false)
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	return p
}

// languageClass is the class a code block may carry: the language syntax highlighters key on.
var languageClass = regexp.MustCompile(`^language-[\w+-]+$`)

// rawTextTags are the tags GFM's tagfilter disables. Their content is raw
// text to an HTML parser, so one unclosed "<script>" typed in prose would
// swallow the rest of the page; escaping the "<" shows the tag as text
// instead, as GitHub does.
var rawTextTags = []string{"title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext"}

// filterRawTextTags applies the tagfilter to goldmark's output. goldmark
// escapes every "<" it writes itself, so any raw-text tag in its output came
// from raw HTML in the source. A hand-written scan rather than a regexp: this
// runs on every save and a case-insensitive regexp was a quarter of Render.
func filterRawTextTags(b []byte) []byte {
	var out []byte
	done := 0
	for i := 0; i < len(b); i++ {
		if b[i] != '<' || !isRawTextTag(b[i+1:]) {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(b)+64)
		}
		out = append(out, b[done:i]...)
		out = append(out, "&lt;"...)
		done = i + 1
	}
	if out == nil {
		return b
	}
	return append(out, b[done:]...)
}

// isRawTextTag reports whether b, the bytes after a "<", start a raw-text
// start or end tag: the name in any case, then white space, "/", ">" or the
// end of input.
func isRawTextTag(b []byte) bool {
	if len(b) > 0 && b[0] == '/' {
		b = b[1:]
	}
	for _, name := range rawTextTags {
		if len(b) < len(name) || !bytes.EqualFold(b[:len(name)], []byte(name)) {
			continue
		}
		if len(b) == len(name) {
			return true
		}
		switch b[len(name)] {
		case ' ', '\t', '\n', '\r', '\f', '/', '>':
			return true
		}
	}
	return false
}

// fixCheckboxes rewrites every input element into the one form Folio
// emits, a disabled checkbox, keeping only whether it is checked. Without
// this, raw HTML such as <input checked> would survive as a text field.
//
// It scans instead of parsing because the sanitizer's output is regular:
// every "<" in text and attribute values is escaped, so each "<input" starts
// a tag and the next ">" ends it, and the only attributes left on an input
// are type, checked and disabled.
func fixCheckboxes(b []byte) []byte {
	if !bytes.Contains(b, []byte("<input")) {
		return b
	}
	out := make([]byte, 0, len(b)+64)
	for {
		i := bytes.Index(b, []byte("<input"))
		if i < 0 {
			return append(out, b...)
		}
		end := bytes.IndexByte(b[i:], '>')
		if end < 0 {
			// Cannot happen with sanitizer output; drop the fragment
			// rather than pass on something unexpected.
			return append(out, b[:i]...)
		}
		tag := b[i : i+end+1]
		out = append(out, b[:i]...)
		out = append(out, `<input type="checkbox" disabled`...)
		if bytes.Contains(tag, []byte(" checked")) {
			out = append(out, " checked"...)
		}
		out = append(out, '>')
		b = b[i+end+1:]
	}
}

// allowedHref reports whether href would survive the policy: a relative
// URL or one with the http, https or mailto scheme, parseable and without
// white space, as bluemonday checks it.
func allowedHref(href string) bool {
	href = strings.TrimSpace(href)
	if href == "" || strings.ContainsAny(href, " \t\n") {
		return false
	}
	u, err := url.Parse(href)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}
