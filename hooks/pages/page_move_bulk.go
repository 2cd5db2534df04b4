package pages

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"folio/hooks/internal/pagemove"
	"folio/hooks/schema"
)

// bindPagesMoved binds the pages concern's part of a bulk move (see pagemove).
func bindPagesMoved(app core.App) {
	pagemove.OnPagesMoved(app).Bind(&hook.Handler[*pagemove.Event]{Func: onPagesMoved, Priority: pagemove.PriorityRender})
}

// onPagesMoved does for each page of a bulk move what a record save of the moved page does in
// this concern: the body is rendered again at the new address (relative links and includes
// resolve against it), the page's own page_links and page_includes rows follow, and live is set
// for now. The revision stays: a move changes no content. The pages that include a moved page
// (at its old or new address) are rendered again, up to maxRerenderInTx in the move's
// transaction. Links from elsewhere are the navigation concern's to resolve again, once every
// moved page stands where it goes.
func onPagesMoved(e *pagemove.Event) error {
	now := time.Now()
	chain := make(map[string]bool, len(e.Pages))
	var addrs []address
	for _, m := range e.Pages {
		links, err := renderPage(e.App, m.Page, e.Space)
		if err != nil {
			return err
		}
		m.Page.Set(schema.PageLive, isLive(m.Page, now))
		if err := syncLinks(e.App, m.Page, e.Space, links); err != nil {
			return err
		}
		if t, ok := pendingIncludes.LoadAndDelete(m.Page); ok {
			if err := writeIncludes(e.App, m.Page, t.(*includeTargets)); err != nil {
				return err
			}
		}
		chain[m.Page.Id] = true
		addrs = append(addrs, addressOf(m.Before), addressOf(m.Page))
	}
	if err := rerenderIncludersIn(e.App, e.Space, addrs, chain); err != nil {
		return err
	}
	return e.Next()
}
