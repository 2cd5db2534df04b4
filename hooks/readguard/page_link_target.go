package readguard

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// onPageLinkEnrich runs whenever a page_links record is serialized for a client (lists, views,
// expands, realtime): it empties to_page when the caller may not read the target page, so that
// a link to a draft, to a page outside its publish window or in another space reads like a
// broken link — the id of a page the caller cannot see is not shown. Superusers see it all.
func onPageLinkEnrich(e *core.RecordEnrichEvent) error {
	target := e.Record.GetString(schema.PageLinkToPage)
	if target == "" || e.RequestInfo == nil || e.RequestInfo.HasSuperuserAuth() {
		return e.Next()
	}
	if !canReadPage(e.App, e.RequestInfo, target) {
		e.Record.Set(schema.PageLinkToPage, "")
	}
	return e.Next()
}

// canReadPage reports whether info's caller may view page id, by the pages view rule.
func canReadPage(app core.App, info *core.RequestInfo, id string) bool {
	page, err := app.FindRecordById(schema.CollectionPages, id)
	if err != nil {
		return false
	}
	ok, err := app.CanAccessRecord(page, info, page.Collection().ViewRule)
	return err == nil && ok
}
