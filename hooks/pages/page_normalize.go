package pages

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/text/unicode/norm"

	"folio/hooks/internal/pagepath"
	"folio/hooks/schema"
)

// Limits on tags: enough for any real taxonomy, small enough to keep a page row compact.
const (
	maxTags      = 50
	maxTagLength = 100
)

// normalizePage brings the client-editable fields of a page to their one canonical spelling
// (locale lowercase, path normalized, tags cleaned, status defaulted) and checks what the field
// types cannot: the publish window's order and that a new or changed locale belongs to the
// space (head is the stored page, nil on create). A page whose locale the space dropped later
// still saves: the scheduler and account deletion must be able to touch it.
func normalizePage(r, head, space *core.Record) error {
	errs := validation.Errors{}
	locale := normalizeLocale(r.GetString(schema.PageLocale))
	r.Set(schema.PageLocale, locale)
	if head == nil || head.GetString(schema.PageLocale) != locale {
		if err := checkSpaceLocale(space, locale); err != nil {
			errs[schema.PageLocale] = err
		}
	}
	if path, err := pagepath.Normalize(r.GetString(schema.PagePath)); err != nil {
		errs[schema.PagePath] = validation.NewError("validation_invalid_path", err.Error())
	} else {
		r.Set(schema.PagePath, path)
	}
	if tags, err := normalizeTags(r.Get(schema.PageTags)); err != nil {
		errs[schema.PageTags] = err
	} else {
		r.Set(schema.PageTags, tags)
	}
	if r.GetString(schema.PageStatus) == "" {
		r.Set(schema.PageStatus, schema.PageDraft)
	}
	from, until := r.GetDateTime(schema.PagePublishAt), r.GetDateTime(schema.PageUnpublishAt)
	if !from.IsZero() && !until.IsZero() && !until.After(from) {
		errs[schema.PageUnpublishAt] = validation.NewError("validation_unpublish_before_publish",
			"unpublish_at must be later than publish_at, or empty.")
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// normalizeLocale lowercases a BCP 47 tag and accepts "_" for "-" (zh_CN is zh-cn), as
// exports from other wikis spell it either way.
func normalizeLocale(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
}

// checkSpaceLocale requires a page's locale to be one the space is written in, when the space
// lists its locales; the source locale always counts.
func checkSpaceLocale(space *core.Record, locale string) error {
	s := schema.AsSpace(space)
	locales := s.Locales()
	if len(locales) == 0 || locale == s.SourceLocale() || slices.Contains(locales, locale) {
		return nil
	}
	return validation.NewError("validation_locale_not_in_space",
		fmt.Sprintf("Locale %q is not one of this space's locales (%s); add it to the space first.",
			locale, strings.Join(append([]string{s.SourceLocale()}, locales...), ", ")))
}

// normalizeTags accepts a JSON array of strings (or nothing) and returns the tags trimmed,
// NFC-normalized, without empties or duplicates, in their first order.
func normalizeTags(v any) ([]string, error) {
	var raw any
	switch b := v.(type) {
	case nil:
		return []string{}, nil
	case []string:
		raw = toAnySlice(b)
	default:
		data, err := json.Marshal(v)
		if err != nil {
			return nil, validation.NewError("validation_invalid_tags", "Tags must be a list of strings.")
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, validation.NewError("validation_invalid_tags", "Tags must be a list of strings.")
		}
	}
	if raw == nil {
		return []string{}, nil
	}
	items, ok := raw.([]any)
	if !ok {
		return nil, validation.NewError("validation_invalid_tags", `Tags must be a list of strings, such as ["guide", "api"].`)
	}
	tags := make([]string, 0, len(items))
	for _, item := range items {
		s, ok := item.(string)
		if !ok {
			return nil, validation.NewError("validation_invalid_tags", "Each tag must be a string.")
		}
		s = norm.NFC.String(strings.TrimSpace(s))
		if s == "" || slices.Contains(tags, s) {
			continue
		}
		if utf8.RuneCountInString(s) > maxTagLength {
			return nil, validation.NewError("validation_tag_too_long", fmt.Sprintf("Each tag must be at most %d characters.", maxTagLength))
		}
		tags = append(tags, s)
	}
	if len(tags) > maxTags {
		return nil, validation.NewError("validation_too_many_tags", fmt.Sprintf("A page can have at most %d tags.", maxTags))
	}
	return tags, nil
}

func toAnySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
