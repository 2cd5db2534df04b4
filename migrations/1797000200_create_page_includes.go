package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Creates page_includes: the addresses a page's include shortcodes name, so that the pages
// including one are found by index when it is edited, moved or deleted. No API rules: the rows
// are written by the server and read by superusers only.
func init() {
	m.Register(func(app core.App) error {
		pages, err := app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		spaces, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
		if err != nil {
			return err
		}
		c := core.NewBaseCollection(schema.CollectionPageIncludes)
		c.Fields.Add(
			&core.RelationField{Name: schema.PageIncludePage, CollectionId: pages.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: schema.PageIncludeSpace, CollectionId: spaces.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: schema.PageIncludeLocale, Max: 35},
			&core.TextField{Name: schema.PageIncludePath, Required: true, Max: 512},
		)
		c.AddIndex("idx_page_includes_page", false, schema.PageIncludePage, "")
		c.AddIndex("idx_page_includes_target", false, schema.PageIncludeSpace+", "+schema.PageIncludePath, "")
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionPageIncludes)
	})
}
