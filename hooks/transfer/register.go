// Package transfer imports Wiki.js and Hugo markdown trees — or their git history — into a
// space and exports a space as a Wiki.js or Hugo tree: the folio import and folio export
// commands and the import and export routes of a space.
package transfer

import (
	"github.com/pocketbase/pocketbase/core"
)

// Register binds the transfer concern's routes to app.
func Register(app core.App) error {
	app.OnServe().BindFunc(bindRoutes)
	return nil
}
