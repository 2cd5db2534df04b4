package pages

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// pageBacklinks answers GET /api/folio/pages/{id}/backlinks: the links to the page from pages
// the caller may read. A page the caller may not view is a 404.
func pageBacklinks(e *core.RequestEvent) error {
	page, err := findViewablePage(e)
	if err != nil {
		return err
	}
	return linkList(e, dbx.HashExp{schema.CollectionPageLinks + "." + schema.PageLinkToPage: page.Id}, true)
}
