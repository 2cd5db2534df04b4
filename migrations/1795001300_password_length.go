package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Raises the minimum password length of users and superusers to 10, so that the dashboard and
// PocketBase's own checks agree with Folio's password policy (hooks/accounts/password_policy.go,
// which also scores strength and counts bytes against bcrypt's 71-byte limit).
func init() {
	m.Register(func(app core.App) error {
		return setPasswordMin(app, 10)
	}, func(app core.App) error {
		return setPasswordMin(app, 8)
	})
}

func setPasswordMin(app core.App, min int) error {
	for _, name := range []string{schema.CollectionUsers, core.CollectionNameSuperusers} {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		if f, ok := c.Fields.GetByName(core.FieldNamePassword).(*core.PasswordField); ok {
			f.Min = min
		}
		if err := app.Save(c); err != nil {
			return err
		}
	}
	return nil
}
