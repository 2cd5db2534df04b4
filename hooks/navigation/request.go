package navigation

import (
	"slices"
	"strconv"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/pagepath"
	"folio/hooks/schema"
)

// findViewableSpace loads the {id} space if the caller may view it; any other case is a 404,
// as PocketBase answers a view-rule miss.
func findViewableSpace(e *core.RequestEvent, info *core.RequestInfo) (*core.Record, error) {
	space, err := e.App.FindRecordById(schema.CollectionSpaces, e.Request.PathValue("id"))
	if err != nil {
		return nil, e.NotFoundError("", nil)
	}
	if ok, _ := e.App.CanAccessRecord(space, info, space.Collection().ViewRule); !ok {
		return nil, e.NotFoundError("", nil)
	}
	return space, nil
}

// findViewablePage loads the {id} page if the caller may view it, else a 404.
func findViewablePage(e *core.RequestEvent, info *core.RequestInfo) (*core.Record, error) {
	page, err := e.App.FindRecordById(schema.CollectionPages, e.Request.PathValue("id"))
	if err != nil {
		return nil, e.NotFoundError("", nil)
	}
	if ok, _ := e.App.CanAccessRecord(page, info, page.Collection().ViewRule); !ok {
		return nil, e.NotFoundError("", nil)
	}
	return page, nil
}

// spaceLocales is the source locale of space followed by its other locales.
func spaceLocales(space *core.Record) []string {
	s := schema.AsSpace(space)
	out := []string{s.SourceLocale()}
	for _, l := range s.Locales() {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// fieldError is a 400 naming one field, in PocketBase's error shape.
func fieldError(e *core.RequestEvent, field, code, message string) error {
	return e.BadRequestError(message, validation.Errors{field: validation.NewError(code, message)})
}

// readLocale reads the locale query parameter: one of the space's locales, the source locale
// when absent.
func readLocale(e *core.RequestEvent, space *core.Record, raw string) (string, error) {
	locales := spaceLocales(space)
	if raw == "" {
		return locales[0], nil
	}
	l := strings.ToLower(strings.TrimSpace(raw))
	if !slices.Contains(locales, l) {
		return "", fieldError(e, "locale", "validation_unknown_locale",
			"The space has no locale "+strconv.Quote(raw)+"; use one of "+strings.Join(locales, ", ")+".")
	}
	return l, nil
}

// readPath reads a page path parameter, normalized; empty is allowed when optional.
func readPath(e *core.RequestEvent, field, raw string, optional bool) (string, error) {
	if optional && strings.Trim(raw, "/ ") == "" {
		return "", nil
	}
	p, err := pagepath.Normalize(raw)
	if err != nil {
		return "", fieldError(e, field, "validation_invalid_path", err.Error())
	}
	return p, nil
}

// maxDepth is the deepest tree a request may ask for; real documentation trees stay under ten.
const maxDepth = 64

// readDepth reads the depth query parameter: 1 to maxDepth levels below path, all when absent.
func readDepth(e *core.RequestEvent, raw string) (int, error) {
	if raw == "" {
		return maxDepth, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > maxDepth {
		return 0, fieldError(e, "depth", "validation_depth_range",
			"depth must be a whole number from 1 to "+strconv.Itoa(maxDepth)+", or left out for the whole tree.")
	}
	return n, nil
}
