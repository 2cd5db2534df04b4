package pages

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// creditSuperuserEdit keeps a superuser's content edit from being credited to the page's last
// editor. The dashboard sends the whole record it loaded, editor included; superusers have no
// users record to name, so such an edit is credited to nobody (an empty editor, on the page and
// on its revision). A superuser who picks another editor on purpose keeps that choice.
func creditSuperuserEdit(r, head *core.Record) {
	if contentOfPage(r).equal(contentOfPage(head)) {
		return // not a content edit: the last content editor stays
	}
	if r.GetString(schema.PageEditor) == head.GetString(schema.PageEditor) {
		r.Set(schema.PageEditor, "")
	}
}
