package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Creates spaces: the unit of ownership and access for pages. Its API rules need memberships and
// come in a later migration.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection(schema.CollectionSpaces)
		c.Fields.Add(
			&core.TextField{Name: schema.SpaceSlug, Required: true, Max: 64, Pattern: `^[a-z0-9]+(-[a-z0-9]+)*$`, Presentable: true},
			&core.TextField{Name: schema.SpaceName, Required: true, Max: 200},
			&core.TextField{Name: schema.SpaceDescription, Max: 2000},
			&core.SelectField{Name: schema.SpaceVisibility, Required: true, MaxSelect: 1, Values: []string{schema.VisibilityPrivate, schema.VisibilityPublic}},
			&core.TextField{Name: schema.SpaceSourceLocale, Required: true, Max: 35, Pattern: localePattern},
			&core.JSONField{Name: schema.SpaceLocales, MaxSize: 4096},
			&core.AutodateField{Name: schema.SpaceCreated, OnCreate: true},
			&core.AutodateField{Name: schema.SpaceUpdated, OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_spaces_slug", true, schema.SpaceSlug, "")
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionSpaces)
	})
}

// deleteCollection is the down step of a collection's create migration.
func deleteCollection(app core.App, name string) error {
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		return err
	}
	return app.Delete(c)
}
