package translations

import (
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// spaceTranslations answers GET /api/folio/spaces/{id}/translations: per locale of the space,
// how many pages it has, how many are current, outdated and orphaned, how many source pages it
// is missing, the coverage percentage, and the outdated, orphaned and missing pages. A space
// the caller may not view is a 404; inside it, only pages the caller may read are counted or
// named, so a draft is invisible to a viewer here as everywhere else.
func spaceTranslations(e *core.RequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	space, err := findViewable(e, info, schema.CollectionSpaces)
	if err != nil {
		return err
	}
	rows, err := findReadablePages(e, info, dbx.HashExp{schema.CollectionPages + "." + schema.PageSpace: space.Id})
	if err != nil {
		e.App.Logger().Error("Failed to list the space's pages for the translation report", "space", space.Id, "error", err)
		return e.InternalServerError("", nil)
	}
	s := schema.AsSpace(space)
	return e.JSON(http.StatusOK, buildCoverage(space.Id, s.SourceLocale(), s.Locales(), rows))
}
