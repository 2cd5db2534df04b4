package pages

import (
	"bytes"
	"encoding/json"
	"math"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"folio/hooks/internal/rerender"
	"folio/hooks/schema"
)

// bindRerenderSkip binds skipUnchangedRerender after every other concern's page update hook,
// so that it sees the row as all of them left it, just before PocketBase writes it, and
// endUnchangedRerender first among the update's after-success hooks.
func bindRerenderSkip(app core.App) {
	app.OnRecordUpdate(schema.CollectionPages).Bind(&hook.Handler[*core.RecordEvent]{
		Priority: math.MaxInt32 - 1,
		Func:     skipUnchangedRerender,
	})
	app.OnRecordAfterUpdateSuccess(schema.CollectionPages).Bind(&hook.Handler[*core.RecordEvent]{
		Priority: math.MinInt32,
		Func:     endUnchangedRerender,
	})
	app.OnRecordAfterUpdateError(schema.CollectionPages).BindFunc(func(e *core.RecordErrorEvent) error {
		unchangedRerenders.Delete(e.Record)
		return e.Next()
	})
}

// unchangedRerenders holds the re-render saves skipUnchangedRerender ended without a write,
// until their after-success hook.
var unchangedRerenders sync.Map // *core.Record → struct{}

// skipUnchangedRerender ends, without writing, a re-render save that changes nothing in the
// page's row: a page it includes changed in a way no reader of it sees (a draft's body, say),
// so it renders to the same html. Writing the row anyway would move its updated time and send
// every reader an update event, telling them that something hidden there changed.
func skipUnchangedRerender(e *core.RecordEvent) error {
	if !rerender.Requested(e.Context) {
		return e.Next()
	}
	stored := e.Record.Original()
	for _, f := range e.Record.Collection().Fields {
		name := f.GetName()
		if name == schema.PageUpdated {
			continue
		}
		if !sameValue(e.Record.Get(name), stored.Get(name)) {
			return e.Next()
		}
	}
	unchangedRerenders.Store(e.Record, struct{}{})
	return nil
}

// wroteNothing reports whether skipUnchangedRerender ended r's save without a write.
func wroteNothing(r *core.Record) bool {
	_, ok := unchangedRerenders.Load(r)
	return ok
}

// endUnchangedRerender stops the after-success hooks of a save that wrote nothing: PocketBase
// calls them whenever the update's hooks return no error, and they would broadcast the page.
func endUnchangedRerender(e *core.RecordEvent) error {
	if _, ok := unchangedRerenders.LoadAndDelete(e.Record); ok {
		return nil
	}
	return e.Next()
}

// sameValue reports whether two field values encode alike; one that cannot be encoded is never
// the same, so the row is written.
func sameValue(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}
