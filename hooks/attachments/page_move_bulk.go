package attachments

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"folio/hooks/internal/pagemove"
	"folio/hooks/schema"
)

// bindPagesMoved binds the attachments concern's part of a bulk move (see pagemove).
func bindPagesMoved(app core.App) {
	pagemove.OnPagesMoved(app).Bind(&hook.Handler[*pagemove.Event]{Func: onPagesMoved, Priority: pagemove.PriorityAssets})
}

// onPagesMoved resolves again, for each page of a bulk move, the file references of the html
// the pages concern rendered at the new address (a relative reference names another file now),
// points the html at the files, and brings the page's page_assets rows in step — what
// onPageUpdate does for a record save that moves a page.
func onPagesMoved(e *pagemove.Event) error {
	for _, m := range e.Pages {
		refs, html, err := resolveAssets(e.App, m.Page, m.Page.GetString(schema.PageHTML))
		if err != nil {
			return err
		}
		m.Page.Set(schema.PageHTML, html)
		if err := syncAssets(e.App, m.Page, refs); err != nil {
			return err
		}
	}
	return e.Next()
}
