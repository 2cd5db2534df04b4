package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Adds the space's second-factor policy: "" (none), "editors" (editors and above need a second
// factor to write) or "members" (every member does).
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
		if err != nil {
			return err
		}
		c.Fields.Add(&core.SelectField{Name: schema.SpaceSecondFactor, MaxSelect: 1,
			Values: []string{schema.SecondFactorEditors, schema.SecondFactorMembers}})
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
		if err != nil {
			return err
		}
		c.Fields.RemoveByName(schema.SpaceSecondFactor)
		return app.Save(c)
	})
}
