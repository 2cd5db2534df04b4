package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/dbutils"

	"folio/hooks/schema"
)

// localePattern accepts lowercase BCP 47 tags such as en, ko, zh-cn, pt-br.
const localePattern = `^[a-z]{2,3}(-[a-z0-9]{2,8})*$`

// Adapts PocketBase's default users collection: locale and status fields, and an email that is
// unique whatever its letter case.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
		if err != nil {
			return err
		}
		users.Fields.Add(
			&core.TextField{Name: schema.UserLocale, Max: 35, Pattern: localePattern},
			// Hidden keeps status out of non-superuser bodies: a user cannot unsuspend itself.
			&core.SelectField{Name: schema.UserStatus, Values: []string{schema.StatusActive, schema.StatusSuspended}, MaxSelect: 1, Hidden: true},
		)
		if name, ok := users.Fields.GetByName(schema.UserName).(*core.TextField); ok {
			name.Max = 120
		}
		if idx, ok := dbutils.FindSingleColumnUniqueIndex(users.Indexes, schema.UserEmail); ok {
			users.RemoveIndex(idx.IndexName)
		}
		users.AddIndex("idx_users_email_nocase", true, fmt.Sprintf("`%s` COLLATE NOCASE", schema.UserEmail), fmt.Sprintf("`%s` != ''", schema.UserEmail))
		return app.Save(users)
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
		if err != nil {
			return err
		}
		users.Fields.RemoveByName(schema.UserLocale)
		users.Fields.RemoveByName(schema.UserStatus)
		users.RemoveIndex("idx_users_email_nocase")
		return app.Save(users)
	})
}
