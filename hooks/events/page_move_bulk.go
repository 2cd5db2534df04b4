package events

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"folio/hooks/internal/pagemove"
)

// bindPagesMoved binds the events concern's part of a bulk move (see pagemove).
func bindPagesMoved(app core.App) {
	pagemove.OnPagesMoved(app).Bind(&hook.Handler[*pagemove.Event]{Func: onPagesMoved, Priority: pagemove.PriorityEvents})
}

// onPagesMoved writes, in the move's transaction, the outbox events a record save of each moved
// page would: page.moved with the old address, and page.published/unpublished or
// translation.outdated/current when the move turned them. It runs last, once the other concerns
// have set each page's fields.
func onPagesMoved(e *pagemove.Event) error {
	wrote := false
	spaces := spaceRefsOnce(e.App)
	for _, m := range e.Pages {
		for _, ev := range pageChanges(spaces, m.Before, m.Page) {
			if err := writeEvent(e.App, ev); err != nil {
				return err
			}
			wrote = true
		}
	}
	if wrote {
		nudgeAfterCommit(e.App)
	}
	return e.Next()
}
