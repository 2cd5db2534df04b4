package navigation

import (
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// spaceTree answers GET /api/folio/spaces/{id}/tree?locale=&path=&depth=: the sections and
// pages under path that the caller may read, as a reader of locale sees them — a page missing in
// locale shows its source page, marked fallback. A space the caller may not view is a 404.
func spaceTree(e *core.RequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	space, err := findViewableSpace(e, info)
	if err != nil {
		return err
	}
	q := e.Request.URL.Query()
	locale, err := readLocale(e, space, q.Get("locale"))
	if err != nil {
		return err
	}
	path, err := readPath(e, "path", q.Get("path"), true)
	if err != nil {
		return err
	}
	depth, err := readDepth(e, q.Get("depth"))
	if err != nil {
		return err
	}
	source := schema.AsSpace(space).SourceLocale()
	rows, err := findReadableRows(e.App, info, space, inSpaceUnder(space.Id, path, locale, source))
	if err != nil {
		e.App.Logger().Error("Failed to read the page tree", "space", space.Id, "error", err)
		return e.InternalServerError("", nil)
	}
	root, items := buildTree(pickLocale(rows, locale, source), path, depth)
	return e.JSON(http.StatusOK, map[string]any{
		"space": space.Id, "locale": locale, "source_locale": source, "path": path, "depth": depth,
		"page": root, "items": items,
	})
}

// inSpaceUnder matches the pages of space at and below path in locale and source.
func inSpaceUnder(space, path, locale, source string) dbx.Expression {
	return dbx.And(inSpace(space, locale, source), underPath(schema.CollectionPages+"."+schema.PagePath, path))
}
