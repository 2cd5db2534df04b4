// Package accounts holds what Folio does for people's accounts: profile upkeep, suspension,
// and what others may see of a user.
package accounts

import "github.com/pocketbase/pocketbase/core"

// Register binds the accounts concern's hooks to app.
func Register(app core.App) error {
	app.OnRecordCreate(schemaUsers).BindFunc(onUserCreate)
	app.OnRecordUpdate(schemaUsers).BindFunc(onUserUpdate)
	app.OnRecordEnrich(schemaUsers).BindFunc(onUserEnrich)
	app.OnRecordAuthRequest(schemaUsers).BindFunc(onUserAuthRequest)
	return nil
}
