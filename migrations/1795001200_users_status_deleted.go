package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Adds the "deleted" account status: a deleted account leaves an anonymous record behind so
// that pages and comments keep a valid author that no longer names a person.
func init() {
	m.Register(func(app core.App) error {
		return setUserStatuses(app, schema.StatusActive, schema.StatusSuspended, schema.StatusDeleted)
	}, func(app core.App) error {
		return setUserStatuses(app, schema.StatusActive, schema.StatusSuspended)
	})
}

func setUserStatuses(app core.App, values ...string) error {
	users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
	if err != nil {
		return err
	}
	if status, ok := users.Fields.GetByName(schema.UserStatus).(*core.SelectField); ok {
		status.Values = values
	}
	return app.Save(users)
}
