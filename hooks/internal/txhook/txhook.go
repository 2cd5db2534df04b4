// Package txhook runs a model hook's work in one transaction with the record's save.
package txhook

import "github.com/pocketbase/pocketbase/core"

// InTransaction runs fn with e.App bound to a transaction (the one already open, if any) and
// gives the event its app back afterwards. PocketBase fires the after-save hooks — realtime
// broadcasts among them — with the event's app once the save returns; left pointing at a
// committed transaction, they could not read anything and every subscriber would miss the event.
func InTransaction(e *core.RecordEvent, fn func(tx core.App) error) error {
	app := e.App
	defer func() { e.App = app }()
	return app.RunInTransaction(func(tx core.App) error {
		e.App = tx
		return fn(tx)
	})
}
