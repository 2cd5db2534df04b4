package pages

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// spaceBrokenLinks answers GET /api/folio/spaces/{id}/broken-links: links, on pages of the
// space the caller may read, to no page the caller may read — none is there, or it is one the
// caller may not see (a draft, say), which a link then reads as, as it does in page_links
// itself. A space the caller may not view is a 404.
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
	broken, err := unreadablePage(e, links+schema.PageLinkToPage)
	if err != nil {
		e.App.Logger().Error("Failed to resolve the pages read rule", "error", err)
		return e.InternalServerError("", nil)
	}
	return linkList(e, dbx.And(dbx.HashExp{links + schema.PageLinkSpace: space.Id}, broken), false)
}
