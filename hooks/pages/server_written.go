package pages

import "github.com/pocketbase/pocketbase/core"

// onServerWrittenRequest refuses API writes to revisions and page_links, superusers included:
// both are derived from pages, in the page's own transaction, and an edit by hand would break
// the contiguous history or the link index. Deleting the page removes them.
func onServerWrittenRequest(e *core.RecordRequestEvent) error {
	return e.ForbiddenError("Revisions and page links are written by Folio when a page is saved; edit the page instead.", nil)
}
