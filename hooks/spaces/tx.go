package spaces

import "github.com/pocketbase/pocketbase/core"

// nextInTransaction runs fn inside one transaction with e.App set to it, so that what fn reads
// (the owners of a space, a pending invitation) cannot change before the write that fn lets
// through with next() commits. The response is written only once the transaction has committed.
func nextInTransaction(e *core.RecordRequestEvent, fn func(txApp core.App, next func() error) error) error {
	app := e.App
	defer func() { e.App = app }()
	return app.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		return fn(txApp, e.Next)
	})
}

// afterCommit runs fn once app's transaction (if any) has committed, and never if it rolls back:
// mail about a record must not go out for a record that was never saved.
func afterCommit(app core.App, fn func()) {
	info := app.TxInfo()
	if info == nil {
		fn()
		return
	}
	info.OnComplete(func(txErr error) error {
		if txErr == nil {
			fn()
		}
		return nil
	})
}
