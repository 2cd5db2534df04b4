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
	picked, err := readablePicksUnder(e.App, info, space, locale, source, path)
	if err != nil {
		e.App.Logger().Error("Failed to read the page tree", "space", space.Id, "error", err)
		return e.InternalServerError("", nil)
	}
	root, items := buildTree(picked, path, depth)
	if q.Get("fields") != "" {
		// PocketBase's field picker works on the answer as data.
		return e.JSON(http.StatusOK, map[string]any{
			"space": space.Id, "locale": locale, "source_locale": source, "path": path, "depth": depth,
			"page": root, "items": items,
		})
	}
	// About 200 bytes an entry; growing the buffer would copy it several times over.
	buf := make([]byte, 0, 4096+256*countNodes(items))
	buf = append(buf, `{"space":`...)
	buf = appendJSONString(buf, space.Id)
	buf = append(buf, `,"locale":`...)
	buf = appendJSONString(buf, locale)
	buf = append(buf, `,"source_locale":`...)
	buf = appendJSONString(buf, source)
	buf = append(buf, `,"path":`...)
	buf = appendJSONString(buf, path)
	buf = append(buf, `,"depth":`...)
	buf = strconv.AppendInt(buf, int64(depth), 10)
	buf = append(buf, `,"page":`...)
	buf = appendNodeJSON(buf, root)
	buf = append(buf, `,"items":`...)
	buf = appendTreeJSON(buf, items)
	buf = append(buf, '}')
	return e.Blob(http.StatusOK, "application/json", buf)
}

// countNodes counts the entries of a tree.
func countNodes(nodes []*treeNode) int {
	n := len(nodes)
	for _, c := range nodes {
		n += countNodes(c.Children)
	}
	return n
}
