// Package fanout sends the realtime events of pages and of the collections whose read rule is
// their page's (revisions, comments, page_links, redirects): creates, updates and deletes,
// cascades included. PocketBase checks each subscriber's API rule with a query of its own,
// inside the request that wrote the record; Folio knows the shape of these rules, so it reads
// the page's space and memberships once per event, decides every subscriber by a lookup, builds
// each distinct payload once, and sends after the request, from one goroutine. Clients it does
// not model (superusers, other auth collections, an expand) stay on PocketBase's broadcast.
package fanout

import (
	"math"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"folio/hooks/schema"
)

// modelled are the collections the fan-out sends for, while their read rules are the ones it
// models (modelledRule).
var modelled = []string{schema.CollectionPages, schema.CollectionRevisions, schema.CollectionComments, schema.CollectionPageLinks, schema.CollectionRedirects}

// lastPriority runs the fan-out's record hooks after every other handler of the record hook, just
// before PocketBase's model hooks (its broadcast among them) continue.
const lastPriority = math.MaxInt32

// Register binds the fan-out to app.
func Register(app core.App) error {
	f := newFanout(app)
	app.OnRecordAfterCreateSuccess(modelled...).Bind(&hook.Handler[*core.RecordEvent]{Priority: lastPriority,
		Func: func(e *core.RecordEvent) error { return f.onRecordAfterSuccess(e, "create") }})
	app.OnRecordAfterUpdateSuccess(modelled...).Bind(&hook.Handler[*core.RecordEvent]{Priority: lastPriority,
		Func: func(e *core.RecordEvent) error { return f.onRecordAfterSuccess(e, "update") }})
	app.OnRecordDelete(modelled...).Bind(&hook.Handler[*core.RecordEvent]{Priority: lastPriority, Func: f.onRecordDelete})
	app.OnRecordAfterDeleteSuccess(modelled...).Bind(&hook.Handler[*core.RecordEvent]{Priority: lastPriority, Func: f.onRecordAfterDeleteSuccess})
	app.OnRecordAfterDeleteError(modelled...).Bind(&hook.Handler[*core.RecordErrorEvent]{Priority: lastPriority, Func: f.onRecordAfterDeleteError})
	app.OnRealtimeSubscribeRequest().Bind(&hook.Handler[*core.RealtimeSubscribeRequestEvent]{Priority: lastPriority, Func: f.onRealtimeSubscribeRequest})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		f.stop()
		return e.Next()
	})
	return nil
}
