// Package readguard keeps what a client's filter, sort and expand can reach inside what the
// caller may read, for every collection at once: the records API, the batch API and realtime
// subscription options all pass through one check of the paths they name (query_check.go), and
// references to records the caller may not read are emptied in every response (page_links'
// to_page).
package readguard

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"folio/hooks/schema"
)

// middlewarePriority runs the guard after PocketBase has loaded the caller's token (and after
// Folio's session check), before any records route.
const middlewarePriority = apis.DefaultRateLimitMiddlewarePriority + 5

// Register binds the read guard to app.
func Register(app core.App) error {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Func: onServe})
	app.OnBatchRequest().BindFunc(onBatchRequest)
	app.OnRealtimeSubscribeRequest().BindFunc(onRealtimeSubscribeRequest)
	app.OnRecordEnrich(schema.CollectionPageLinks).BindFunc(onPageLinkEnrich)
	return nil
}

func onServe(e *core.ServeEvent) error {
	e.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: "folioReadGuard", Priority: middlewarePriority, Func: onCollectionRequest})
	return e.Next()
}
