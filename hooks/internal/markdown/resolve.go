package markdown

import (
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"

	"folio/hooks/internal/pagepath"
)

// Location is where a link is written: the locale and normalized path of
// the page that contains it.
type Location struct {
	Locale string
	Path   string
}

// Target is the page an internal link points to, with the heading anchor
// after "#" if it names one ("" otherwise).
type Target struct {
	Locale string
	Path   string
	Anchor string
}

// scheme matches a URL that starts with a scheme, such as "https:",
// "mailto:" or "javascript:", per RFC 3986.
var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// ResolveLink resolves href, a link found on the page at from, to the page
// it points to inside the same knowledge base. It reports false for external
// links (any scheme, or "//host"), for paths that climb above the top of the
// space, and for paths pagepath.Normalize rejects.
//
// A site-absolute path starting with one of locales (lowercase BCP 47 tags,
// matched case-insensitively) targets that locale, as Wiki.js writes links
// ("/ko/Knowledge-base/x"); any other absolute path stays in from's locale.
// Relative paths resolve against the directory of from.Path, as a browser
// resolves them. A bare locale ("/ko/") or "/" is not a page and reports
// false. As in a browser, a relative path whose first segment holds a ":"
// ("std::vector") reads as a scheme; authors write "./std::vector".
//
// Query strings and a trailing ".md" are dropped and percent escapes are
// decoded, because the same page is linked all these ways.
func ResolveLink(href string, from Location, locales []string) (Target, bool) {
	href = strings.TrimSpace(href)
	if href == "" || scheme.MatchString(href) || strings.HasPrefix(href, "//") {
		return Target{}, false
	}
	href, fragment, _ := strings.Cut(href, "#")
	href, _, _ = strings.Cut(href, "?")
	anchor, err := url.PathUnescape(fragment)
	if err != nil {
		anchor = fragment
	}
	// Heading IDs are NFC; a link typed on a system that decomposes
	// Hangul or accents must still find them.
	anchor = norm.NFC.String(anchor)

	if href == "" {
		return Target{Locale: from.Locale, Path: from.Path, Anchor: anchor}, true
	}
	p, err := url.PathUnescape(href)
	if err != nil {
		return Target{}, false
	}
	if len(p) > 3 && strings.EqualFold(p[len(p)-3:], ".md") {
		p = p[:len(p)-3]
	}

	locale, dir := from.Locale, pagepath.Dir(from.Path)
	if strings.HasPrefix(p, "/") {
		dir = ""
		first, rest, _ := strings.Cut(strings.TrimLeft(p, "/"), "/")
		if l, ok := matchLocale(first, locales); ok {
			locale, p = l, rest
		}
	}
	path, err := pagepath.Join(dir, p)
	if err != nil {
		return Target{}, false
	}
	return Target{Locale: locale, Path: path, Anchor: anchor}, true
}

func matchLocale(segment string, locales []string) (string, bool) {
	for _, l := range locales {
		if strings.EqualFold(segment, l) {
			return l, true
		}
	}
	return "", false
}
