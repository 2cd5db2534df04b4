package mdtree

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pageOf maps a file, given relative to the tree's root ("ko/a/b.md" or,
// for Hugo, relative to "content/"), to its locale and page path.
func pageOf(format Format, rel, defaultLocale string) (locale, pagePath string, err error) {
	if !utf8.ValidString(rel) {
		return "", "", fmt.Errorf("file name is not UTF-8 text; rename the file")
	}
	segs := strings.Split(strings.TrimSuffix(rel, ".md"), "/")
	locale = defaultLocale
	if len(segs) > 1 && isLocale(segs[0]) {
		locale, segs = strings.ToLower(segs[0]), segs[1:]
	}
	if format == FormatHugo {
		segs = hugoSegments(segs)
	}
	if err := checkSegments(segs); err != nil {
		return "", "", err
	}
	return locale, strings.Join(segs, "/"), nil
}

// hugoSegments turns a Hugo file path into the URL path Hugo serves it at
// with its default settings, so that links written in the pages and the
// translations of a page (hi/"service discovery.md" and en/service-discovery.md)
// line up: a section's "_index.md" and a leaf bundle's "index.md" stand for
// their folder, the root's for the page "index"; letters are lowercased and
// spaces become hyphens.
func hugoSegments(segs []string) []string {
	if last := segs[len(segs)-1]; last == "_index" || last == "index" {
		segs = segs[:len(segs)-1]
	}
	if len(segs) == 0 {
		return []string{"index"}
	}
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return '-'
			}
			return unicode.ToLower(r)
		}, s)
	}
	return out
}

// checkSegments refuses page paths that cannot be a URL path or that would
// escape the tree when written back. The messages say what to rename.
func checkSegments(segs []string) error {
	for _, s := range segs {
		switch {
		case strings.TrimSpace(s) == "":
			return fmt.Errorf("the page path has an empty folder or file name; rename it")
		case s == "." || s == "..":
			return fmt.Errorf("the page path has a %q folder, which would point outside the page's folder; rename it", s)
		case strings.ContainsAny(s, "?#"):
			return fmt.Errorf("the name %q has \"?\" or \"#\", which would end the page path in a URL; rename it", s)
		case strings.ContainsRune(s, '\\'):
			return fmt.Errorf("the name %q has a backslash, which browsers read as \"/\"; rename it", s)
		case strings.IndexFunc(s, isInvisible) >= 0:
			return fmt.Errorf("the name %q has control or text-direction characters, which readers cannot see; rename it", s)
		}
	}
	return nil
}

// isInvisible matches control characters and the bidirectional overrides
// that reorder how a name is displayed.
func isInvisible(r rune) bool {
	return unicode.IsControl(r) || (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}
