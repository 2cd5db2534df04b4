package main

import (
	"os"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
)

// bindSuperuserFromEnv creates or updates a superuser from FOLIO_ADMIN_EMAIL and
// FOLIO_ADMIN_PASSWORD when `serve` starts and both are set. Without them PocketBase prints its
// installer link as usual. The password is read from the environment, never from argv, and
// never logged.
func bindSuperuserFromEnv(app *pocketbase.PocketBase) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		email, password := os.Getenv("FOLIO_ADMIN_EMAIL"), os.Getenv("FOLIO_ADMIN_PASSWORD")
		if email == "" || password == "" {
			return se.Next()
		}
		if err := upsertSuperuser(se.App, email, password); err != nil {
			return err
		}
		se.App.Logger().Info("superuser ready", "email", email)
		return se.Next()
	})
}

func upsertSuperuser(app core.App, email, password string) error {
	superusers, err := app.FindCachedCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return err
	}
	su, err := app.FindAuthRecordByEmail(superusers, email)
	if err != nil {
		su = core.NewRecord(superusers)
		su.SetEmail(email)
	}
	su.SetPassword(password)
	return app.Save(su)
}
