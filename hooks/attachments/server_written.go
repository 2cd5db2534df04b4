package attachments

import "github.com/pocketbase/pocketbase/core"

// onServerWrittenRequest refuses API writes to page_assets, superusers included: the rows are
// derived from page bodies on save, and an edit by hand would break the asset report.
func onServerWrittenRequest(e *core.RecordRequestEvent) error {
	return e.ForbiddenError("Page assets are indexed by Folio when a page is saved; edit the page instead.", nil)
}
