// Package pagemove is the seam of a bulk page move. The navigation concern moves a subtree of
// pages with one statement per page instead of a full record save each; every concern that
// keeps something derived from a page's address binds a handler here and brings it in step, in
// the move's transaction, with a statement per row it changes and none for the rows it does not.
//
// A handler gets the moved pages as they were stored (Before) and as they stand after the move
// (Page: the new locale, path and updated time are already written). It may change other fields
// of Page — the pages concern renders it again at its new address, the translations concern
// sets its state — and the navigation concern writes what changed once every handler is done,
// so a moved page is written twice at most however many concerns take part. Rows of its own
// (page_links, page_assets, outbox events, translation states of pages that do not move) a
// handler writes itself through e.App, the transaction.
//
// Handlers run in the order of the priorities below: a later step sees what an earlier one set.
// Once the transaction commits, the navigation concern fires PocketBase's after-update-success
// hooks for every moved page, so realtime subscribers and after-commit hooks see each page as a
// record save would show it.
package pagemove

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Handler priorities, in the order the steps depend on each other.
const (
	PriorityRender = -30 // html, toc and the page's own links at the new address
	PriorityAssets = -20 // file references rewritten in the new html
	PriorityState  = -10 // translation states of the moved pages and their old and new groups
	PriorityEvents = 0   // outbox events describing each page's change, last
)

// Moved is one page of a move.
type Moved struct {
	Before *core.Record // the row as stored before the move; do not change it
	Page   *core.Record // the page after the move; handlers may set fields on it
}

// Event is a bulk move, fired inside its transaction once every moved page stands at its new
// address (and the redirects at the old ones are written).
type Event struct {
	hook.Event
	App   core.App // the move's transaction
	Space *core.Record
	Pages []Moved
}

const storeKey = "folio.pagemove.hook"

// OnPagesMoved returns the hook of bulk moves of app. The hook lives in the app's store, which
// PocketBase shares with the app's transactions, so binding on the app reaches moves made in
// any transaction of it.
func OnPagesMoved(app core.App) *hook.Hook[*Event] {
	return app.Store().GetOrSet(storeKey, func() any { return &hook.Hook[*Event]{} }).(*hook.Hook[*Event])
}
