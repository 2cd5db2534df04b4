package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Turns off PocketBase's built-in new-login alert: without SMTP it blocks a sign-in for up to
// 15 s while it tries sendmail. Folio sends its own security mail without blocking.
func init() {
	m.Register(func(app core.App) error {
		for _, name := range []string{schema.CollectionUsers, core.CollectionNameSuperusers} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.AuthAlert.Enabled = false
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	}, nil)
}
