package markdown

import (
	"net/url"
	"path"
	"strings"

	"folio/hooks/internal/pagepath"
)

// AssetTarget is where a file reference of a page points inside its space: a locale and the
// normalized path of a file. AltPath is a second place the same reference may mean ("" when
// there is none): a relative reference reads against the page's own path as a folder first
// (a Hugo page bundle, served as "docs/x/") and against the page's folder second (a Wiki.js
// page, served as "docs/x").
type AssetTarget struct {
	Locale  string
	Path    string
	AltPath string
}

// fileExtensions are the endings that make a link a link to a file rather than to a page.
var fileExtensions = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`
		png jpg jpeg gif webp svg avif bmp ico tif tiff
		pdf txt csv tsv json xml yaml yml rtf epub
		doc docx xls xlsx ppt pptx odt ods odp
		zip tar gz tgz 7z rar
		mp4 webm mov mp3 wav ogg m4a`) {
		fileExtensions[e] = true
	}
}

// IsFileHref reports whether href, a link found on a page, points to a file of the space (an
// image, a PDF, an archive…) rather than to a page: it is not external and its last path
// segment ends in a known file extension. Such links are attachment references, not page
// links.
func IsFileHref(href string) bool {
	href = strings.TrimSpace(href)
	if href == "" || scheme.MatchString(href) || strings.HasPrefix(href, "//") {
		return false
	}
	p, _, _ := strings.Cut(href, "#")
	p, _, _ = strings.Cut(p, "?")
	ext := strings.TrimPrefix(path.Ext(p), ".")
	return ext != "" && fileExtensions[strings.ToLower(ext)]
}

// ResolveAsset resolves href, a file reference (an image source or a link to a file) found on
// the page at from, to a file path inside the same space. It reports false for external
// references (any scheme, "data:" included, or "//host"), for paths that climb above the top
// of the space and for paths pagepath.Normalize rejects: whatever href holds, a resolved path
// is a normalized path inside the space.
//
// A site-absolute path starting with one of locales targets that locale ("/fa/img/a.png");
// any other absolute path stays in from's locale ("/img/a.png"). Query strings and fragments
// are dropped and percent escapes decoded.
func ResolveAsset(href string, from Location, locales []string) (AssetTarget, bool) {
	href = strings.TrimSpace(href)
	if href == "" || scheme.MatchString(href) || strings.HasPrefix(href, "//") {
		return AssetTarget{}, false
	}
	href, _, _ = strings.Cut(href, "#")
	href, _, _ = strings.Cut(href, "?")
	p, err := url.PathUnescape(href)
	if err != nil || strings.Trim(p, "/ ") == "" {
		return AssetTarget{}, false
	}
	if strings.HasPrefix(p, "/") {
		locale := from.Locale
		first, rest, _ := strings.Cut(strings.TrimLeft(p, "/"), "/")
		if l, ok := matchLocale(first, locales); ok {
			locale, p = l, rest
		}
		resolved, err := pagepath.Join("", p)
		if err != nil {
			return AssetTarget{}, false
		}
		return AssetTarget{Locale: from.Locale, Path: resolved}.inLocale(locale), true
	}
	bundle, errBundle := pagepath.Join(from.Path, p)
	sibling, errSibling := pagepath.Join(pagepath.Dir(from.Path), p)
	switch {
	case errBundle == nil && errSibling == nil && bundle != sibling:
		return AssetTarget{Locale: from.Locale, Path: bundle, AltPath: sibling}, true
	case errBundle == nil:
		return AssetTarget{Locale: from.Locale, Path: bundle}, true
	case errSibling == nil:
		return AssetTarget{Locale: from.Locale, Path: sibling}, true
	}
	return AssetTarget{}, false
}

func (t AssetTarget) inLocale(l string) AssetTarget {
	t.Locale = l
	return t
}
