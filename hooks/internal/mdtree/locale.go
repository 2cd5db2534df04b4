package mdtree

import (
	"regexp"
	"strings"

	"golang.org/x/text/language"
)

var localeShape = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,4})?$`)

// isLocale reports whether a folder name is a locale code: two or three
// letters, optionally "-" and a two-to-four letter or digit region or script
// (ko, zh-tw, pt-br). The language part must also be a real ISO 639 language,
// so knowledge-base folders such as "go", "js" or "faq" stay folders; short
// folder names that happen to be languages (a Wiki.js folder "api" or "dev")
// still read as locales, which is the Wiki.js layout's own ambiguity.
func isLocale(name string) bool {
	name = strings.ToLower(name)
	if !localeShape.MatchString(name) {
		return false
	}
	base, _, _ := strings.Cut(name, "-")
	_, err := language.ParseBase(base)
	return err == nil
}
