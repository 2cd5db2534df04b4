package pages

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// spaceBrokenLinks answers GET /api/folio/spaces/{id}/broken-links: links, on pages of the
// space the caller may read, to pages that do not exist. A space the caller may not view is a
// 404.
func spaceBrokenLinks(e *core.RequestEvent) error {
	space, err := e.App.FindRecordById(schema.CollectionSpaces, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("", nil)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	if ok, _ := e.App.CanAccessRecord(space, info, space.Collection().ViewRule); !ok {
		return e.NotFoundError("", nil)
	}
	links := schema.CollectionPageLinks + "."
	return linkList(e, dbx.HashExp{links + schema.PageLinkSpace: space.Id, links + schema.PageLinkToPage: ""})
}
