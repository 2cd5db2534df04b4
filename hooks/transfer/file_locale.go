package transfer

import (
	"regexp"
	"strings"

	"golang.org/x/text/language"

	"folio/hooks/internal/mdtree"
)

// localeOfFile guesses the locale of a file the tree reader skipped, so that the summary can
// count its failure under that locale. It applies mdtree.Read's rule: a top-level folder named
// like an ISO 639 language (under content/ in a Hugo tree) is that locale, and anything else
// is the default locale.
func localeOfFile(file string, format mdtree.Format, def string) string {
	segs := strings.Split(file, "/")
	if format == mdtree.FormatHugo && len(segs) > 2 && segs[0] == "content" {
		segs = segs[1:]
	}
	if len(segs) > 1 && looksLikeLocale(segs[0]) {
		return strings.ToLower(segs[0])
	}
	if file == "." {
		return ""
	}
	return strings.ToLower(def)
}

var localeShape = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,4})?$`)

func looksLikeLocale(name string) bool {
	name = strings.ToLower(name)
	if !localeShape.MatchString(name) {
		return false
	}
	base, _, _ := strings.Cut(name, "-")
	_, err := language.ParseBase(base)
	return err == nil
}
