package main

import (
	"fmt"
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
		if email == "" && password == "" {
			return se.Next()
		}
		if email == "" {
			return fmt.Errorf("FOLIO_ADMIN_PASSWORD is set but FOLIO_ADMIN_EMAIL is not: set both to create or update a superuser, or neither")
		}
		if password == "" {
			return fmt.Errorf("FOLIO_ADMIN_EMAIL is set but FOLIO_ADMIN_PASSWORD is missing or empty: set a passphrase of at least 10 characters")
		}
		created, err := upsertSuperuser(se.App, email, password)
		if err != nil {
			return fmt.Errorf("FOLIO_ADMIN_PASSWORD / FOLIO_ADMIN_EMAIL rejected for the superuser %s: %w", email, err)
		}
		if created {
			se.App.Logger().Info("superuser created from FOLIO_ADMIN_EMAIL", "email", email)
			fmt.Fprintf(os.Stderr, "Superuser %s created from FOLIO_ADMIN_EMAIL/FOLIO_ADMIN_PASSWORD.\n", email)
		} else {
			se.App.Logger().Info("superuser password updated from FOLIO_ADMIN_PASSWORD", "email", email)
			fmt.Fprintf(os.Stderr, "Superuser %s updated from FOLIO_ADMIN_EMAIL/FOLIO_ADMIN_PASSWORD.\n", email)
		}
		return se.Next()
	})
}

// upsertSuperuser creates the superuser or sets its password, and says which it did.
func upsertSuperuser(app core.App, email, password string) (created bool, err error) {
	superusers, err := app.FindCachedCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return false, err
	}
	su, err := app.FindAuthRecordByEmail(superusers, email)
	if err != nil {
		su = core.NewRecord(superusers)
		su.SetEmail(email)
		created = true
	}
	su.SetPassword(password)
	return created, app.Save(su)
}
