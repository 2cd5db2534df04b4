// Package faults answers the server's own faults — a full disk, an I/O error, a database that is
// locked, read-only or out of memory — as 503 Service Unavailable with a message to try again
// later, whichever route met them. PocketBase wraps most errors of a save in a 400 ("Failed to
// create record.", "Something went wrong while processing your request."), and clients read a
// 400 as "your input is wrong" and drop the edit; a 503 tells them to keep it and retry.
package faults

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// middlewareId names the middleware that maps server faults, for tests and for unbinding.
const middlewareId = "folioServerFaults"

// Register binds the fault mapping to every route of app's router, PocketBase's included.
func Register(app core.App) error {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id: middlewareId,
			// inside the activity logger and panic recovery (so both see the 503), around
			// everything else
			Priority: apis.DefaultPanicRecoverMiddlewarePriority + 1,
			Func:     onRequestFault,
		})
		return se.Next()
	})
	return nil
}
