package spaces

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/text/unicode/norm"

	"folio/hooks/schema"
)

// slugMaxLength matches the spaces.slug field; a slug made from a long name is cut to it.
const slugMaxLength = 64

// defaultSourceLocale is the source locale of a space whose creator has no locale of its own.
const defaultSourceLocale = "en"

// onSpaceCreate runs before a space is validated and inserted, whoever saves it (API, dashboard,
// Go code): it normalizes the slug (made from the name when empty), the locales and the
// visibility, so that every stored space has the same shape.
func onSpaceCreate(e *core.RecordEvent) error {
	if strings.TrimSpace(e.Record.GetString(schema.SpaceSlug)) == "" {
		e.Record.Set(schema.SpaceSlug, truncateSlug(normalizeSlug(e.Record.GetString(schema.SpaceName))))
		if e.Record.GetString(schema.SpaceSlug) == "" {
			return slugError("Choose a slug: the name has no letters or digits to make one from.")
		}
	}
	if e.Record.GetString(schema.SpaceVisibility) == "" {
		e.Record.Set(schema.SpaceVisibility, schema.VisibilityPrivate)
	}
	if err := normalizeSpace(e.App, e.Record); err != nil {
		return err
	}
	return e.Next()
}

// onSpaceUpdate keeps the same invariants on every later save, the dashboard's included.
func onSpaceUpdate(e *core.RecordEvent) error {
	if err := normalizeSpace(e.App, e.Record); err != nil {
		return err
	}
	return e.Next()
}

// normalizeSpace normalizes slug, source_locale and locales in place and checks that the slug is
// free. It returns validation.Errors, which the API reports field by field as a 400.
func normalizeSpace(app core.App, space *core.Record) error {
	if raw := space.GetString(schema.SpaceSlug); raw != "" {
		space.Set(schema.SpaceSlug, normalizeSlug(raw))
		if space.GetString(schema.SpaceSlug) == "" {
			return slugError(fmt.Sprintf("%q has no letters or digits: a slug is made of a-z, 0-9 and dashes.", raw))
		}
	}
	source := normalizeLocale(space.GetString(schema.SpaceSourceLocale))
	if source == "" {
		source = defaultSourceLocale
	}
	space.Set(schema.SpaceSourceLocale, source)
	locales, err := normalizeLocales(space, source)
	if err != nil {
		return validation.Errors{schema.SpaceLocales: err}
	}
	space.Set(schema.SpaceLocales, locales)
	return checkSlugFree(app, space)
}

// normalizeSlug lowercases s, folds accents (é → e), turns spaces and underscores into dashes,
// drops every other character that is not a-z or 0-9, and collapses and trims dashes.
func normalizeSlug(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToLower(strings.TrimSpace(s))) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '-', r == '_', unicode.IsSpace(r):
			b.WriteRune('-')
		}
	}
	return strings.Trim(dashes.ReplaceAllString(b.String(), "-"), "-")
}

var dashes = regexp.MustCompile(`-{2,}`)

// truncateSlug cuts a slug made from a name to the field's length, without a trailing dash.
func truncateSlug(slug string) string {
	if len(slug) <= slugMaxLength {
		return slug
	}
	return strings.TrimRight(slug[:slugMaxLength], "-")
}

func slugError(msg string) error {
	return validation.Errors{schema.SpaceSlug: validation.NewError("validation_invalid_slug", msg)}
}

// checkSlugFree reports a taken slug with a clearer message than the unique index's own (which
// still guards against two spaces racing for the same slug).
func checkSlugFree(app core.App, space *core.Record) error {
	slug := space.GetString(schema.SpaceSlug)
	if slug == "" || !space.IsNew() && slug == space.Original().GetString(schema.SpaceSlug) {
		return nil
	}
	n, err := app.CountRecords(space.Collection(), dbx.HashExp{schema.SpaceSlug: slug}, dbx.Not(dbx.HashExp{"id": space.Id}))
	if err != nil {
		return err
	}
	if n > 0 {
		return validation.Errors{schema.SpaceSlug: validation.NewError("validation_not_unique",
			fmt.Sprintf("The slug %q is taken by another space: choose another.", slug))}
	}
	return nil
}

// normalizeLocale writes a locale the way Folio stores it: lowercase BCP 47 with dashes (pt_BR → pt-br).
func normalizeLocale(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
}

// normalizeLocales returns the space's locales normalized, without duplicates, and with source
// first when it was missing: a space is always written in its source locale.
func normalizeLocales(space *core.Record, source string) ([]string, error) {
	var raw []any
	if v := space.GetString(schema.SpaceLocales); v != "" && v != "null" {
		if err := json.Unmarshal([]byte(v), &raw); err != nil {
			return nil, validation.NewError("validation_invalid_locales", `Locales must be a list of locale codes, such as ["en", "ko"].`)
		}
	}
	pattern := localePattern(space.Collection())
	out := []string{}
	for _, item := range raw {
		s, ok := item.(string)
		loc := normalizeLocale(s)
		if !ok || pattern != nil && !pattern.MatchString(loc) {
			shown, _ := json.Marshal(item)
			return nil, validation.NewError("validation_invalid_locales",
				fmt.Sprintf("Each locale must be a code such as en, ko or pt-br: %s is not one.", shown))
		}
		if !slices.Contains(out, loc) {
			out = append(out, loc)
		}
	}
	if !slices.Contains(out, source) {
		out = append([]string{source}, out...)
	}
	return out, nil
}

// localePattern reuses the source_locale field's pattern, so locales and source_locale accept
// the same codes and the pattern lives in one place (the migration).
func localePattern(c *core.Collection) *regexp.Regexp {
	f, ok := c.Fields.GetByName(schema.SpaceSourceLocale).(*core.TextField)
	if !ok || f.Pattern == "" {
		return nil
	}
	return regexp.MustCompile(f.Pattern)
}
