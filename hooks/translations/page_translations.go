package translations

import (
	"net/http"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/revdiff"
	"folio/hooks/schema"
)

// groupReport is the answer of GET /api/folio/pages/{id}/translations.
type groupReport struct {
	Space        string      `json:"space"`
	Path         string      `json:"path"`
	SourceLocale string      `json:"source_locale"`
	Source       string      `json:"source"` // id of the source page, "" when none the caller may read
	Pages        []groupItem `json:"pages"`
	Missing      []string    `json:"missing"` // space locales with no page the caller may read
}

// groupItem is one page of the group; Diff is set on an outdated translation whose source the
// caller may read: what changed in the source since the translation's source_revision.
type groupItem struct {
	pageRow
	Diff *revdiff.Diff `json:"diff,omitempty"`
}

// pageTranslations answers GET /api/folio/pages/{id}/translations: the pages of the page's
// translation group the caller may read, with their states, and for each outdated one the
// source's diff since the revision it was made from. A page the caller may not read is a 404.
func pageTranslations(e *core.RequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	page, err := findViewable(e, info, schema.CollectionPages)
	if err != nil {
		return err
	}
	space, err := e.App.FindRecordById(schema.CollectionSpaces, page.GetString(schema.PageSpace))
	if err != nil {
		return e.NotFoundError("", nil)
	}
	path := page.GetString(schema.PagePath)
	rows, err := findReadablePages(e, info, dbx.HashExp{
		schema.CollectionPages + "." + schema.PageSpace: space.Id,
		schema.CollectionPages + "." + schema.PagePath:  path,
	})
	if err != nil {
		e.App.Logger().Error("Failed to list the translation group", "page", page.Id, "error", err)
		return e.InternalServerError("", nil)
	}
	report, err := buildGroup(e.App, schema.AsSpace(space), path, rows)
	if err != nil {
		e.App.Logger().Error("Failed to diff the translation group's source", "page", page.Id, "error", err)
		return e.InternalServerError("", nil)
	}
	return e.JSON(http.StatusOK, report)
}

// buildGroup assembles the group report from its readable rows, source first, then the
// space's locales in their order.
func buildGroup(app core.App, space *schema.Space, path string, rows []pageRow) (groupReport, error) {
	sourceLocale := space.SourceLocale()
	order := reportLocales(sourceLocale, space.Locales(), nil)
	slices.SortStableFunc(rows, func(a, b pageRow) int { return localeRank(order, a.Locale) - localeRank(order, b.Locale) })
	report := groupReport{Space: space.Id, Path: path, SourceLocale: sourceLocale, Pages: []groupItem{}, Missing: []string{}}
	var source *pageRow
	for i, r := range rows {
		if r.Locale == sourceLocale {
			source = &rows[i]
			report.Source = r.Id
		}
	}
	diffs := newSourceDiffs(app, source)
	for _, r := range rows {
		item := groupItem{pageRow: r}
		if r.State == schema.TranslationOutdated && source != nil {
			d, err := diffs.since(r.SourceRevision)
			if err != nil {
				return report, err
			}
			item.Diff = d
		}
		report.Pages = append(report.Pages, item)
	}
	for _, l := range order {
		if !slices.ContainsFunc(rows, func(r pageRow) bool { return r.Locale == l }) {
			report.Missing = append(report.Missing, l)
		}
	}
	return report, nil
}

// localeRank orders locales as the space lists them, unknown ones last.
func localeRank(order []string, locale string) int {
	if i := slices.Index(order, locale); i >= 0 {
		return i
	}
	return len(order)
}
