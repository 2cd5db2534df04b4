package navigation

import (
	"net/http"
	"strconv"

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
	if q.Get("fields") != "" {
		// PocketBase's field picker works on the answer as data.
		picked, err := readablePicksUnder(e.App, info, space, locale, source, path)
		if err != nil {
			e.App.Logger().Error("Failed to read the page tree", "space", space.Id, "error", err)
			return e.InternalServerError("", nil)
		}
		root, items := buildTree(picked, path, depth)
		return e.JSON(http.StatusOK, map[string]any{
			"space": space.Id, "locale": locale, "source_locale": source, "path": path, "depth": depth,
			"page": root, "items": items,
		})
	}
	tree, err := treeJSON(e.App, info, space, locale, source, path, depth)
	if err != nil {
		e.App.Logger().Error("Failed to read the page tree", "space", space.Id, "error", err)
		return e.InternalServerError("", nil)
	}
	head := make([]byte, 0, 256)
	head = append(head, `{"space":`...)
	head = appendJSONString(head, space.Id)
	head = append(head, `,"locale":`...)
	head = appendJSONString(head, locale)
	head = append(head, `,"source_locale":`...)
	head = appendJSONString(head, source)
	head = append(head, `,"path":`...)
	head = appendJSONString(head, path)
	head = append(head, `,"depth":`...)
	head = strconv.AppendInt(head, int64(depth), 10)
	head = append(head, ',')
	// The tree may be a kept answer shared with other requests: written as it is, never copied
	// or changed.
	e.Response.Header().Set("Content-Type", "application/json")
	e.Response.WriteHeader(http.StatusOK)
	for _, part := range [][]byte{head, tree, []byte("}")} {
		if _, err := e.Response.Write(part); err != nil {
			return err
		}
	}
	return nil
}
