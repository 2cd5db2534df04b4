// Package saveread reads, once per save, the rows every concern's save hook needs: the record
// as it was stored before the save and the rows it refers to (a page's space). The first hook
// of a save that asks reads the row inside the save's transaction; the others get a copy of the
// same row instead of a statement each. Concerns never import each other; they share this.
//
// A row is shared only within one save event and one transaction: a read outside the
// transaction (before a hook opened it) is not reused inside it. Entries live as long as the
// save's event does and are dropped when it is garbage collected.
package saveread

import (
	"runtime"
	"sync"
	"weak"

	"github.com/pocketbase/pocketbase/core"
)

type key struct {
	event      weak.Pointer[core.RecordEvent]
	collection string
	id         string
}

type entry struct {
	app    core.App // the transaction (or app) the row was read in
	record *core.Record
}

var (
	mu      sync.Mutex
	rows    = map[key]entry{}
	tracked = map[weak.Pointer[core.RecordEvent]]struct{}{}
	seeds   = map[*core.Record]entry{} // stored rows read by a request hook, for the save it starts
)

// Seed hands the row stored of record, read in app (a transaction the save of record will run
// in) by a request hook just before it saves record, to that save's Stored: the save then
// reads no row again. Call Unseed when the request hook returns, whether or not it saved.
func Seed(app core.App, record, stored *core.Record) {
	mu.Lock()
	defer mu.Unlock()
	seeds[record] = entry{app: app, record: stored.Fresh()}
}

// Unseed drops what Seed left for record if no save took it.
func Unseed(record *core.Record) {
	mu.Lock()
	defer mu.Unlock()
	delete(seeds, record)
}

// Stored returns e.Record as it is stored before the save: read in app (the save's
// transaction) by the first hook that asks, a copy of that read for the others. Call it before
// the save writes (before e.Next() reaches the insert or update). It returns PocketBase's
// not-found error when the row does not exist.
func Stored(app core.App, e *core.RecordEvent) (*core.Record, error) {
	k := key{event: weak.Make(e), collection: e.Record.Collection().Name, id: e.Record.Id}
	mu.Lock()
	if seed, ok := seeds[e.Record]; ok && seed.app == app && seed.record.Id == e.Record.Id {
		delete(seeds, e.Record)
		remember(e, k, seed)
	}
	mu.Unlock()
	return Record(app, e, k.collection, k.id)
}

// Record returns the record id of collection (name or id) as read once during the save e, in
// app. Use it for rows the save does not write, such as the space of a page being saved.
func Record(app core.App, e *core.RecordEvent, collection, id string) (*core.Record, error) {
	k := key{event: weak.Make(e), collection: collection, id: id}
	mu.Lock()
	got, ok := rows[k]
	mu.Unlock()
	if ok && got.app == app {
		return got.record.Fresh(), nil
	}
	rec, err := app.FindRecordById(collection, id)
	if err != nil {
		return nil, err
	}
	mu.Lock()
	remember(e, k, entry{app: app, record: rec.Fresh()})
	mu.Unlock()
	return rec, nil
}

// remember keeps a row read for the save e; mu must be held.
func remember(e *core.RecordEvent, k key, got entry) {
	if _, seen := tracked[k.event]; !seen {
		tracked[k.event] = struct{}{}
		runtime.AddCleanup(e, forget, k.event)
	}
	rows[k] = got
}

// forget drops the rows read for a save whose event is gone.
func forget(event weak.Pointer[core.RecordEvent]) {
	mu.Lock()
	defer mu.Unlock()
	delete(tracked, event)
	for k := range rows {
		if k.event == event {
			delete(rows, k)
		}
	}
}
