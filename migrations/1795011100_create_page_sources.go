package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Creates page_sources: the file each imported page came from (its name and the text before its
// body), so an export writes the page back as it came. Written by the import only; every API
// rule stays nil (superusers only), since a file's front matter may hold keys a space's
// viewers were never meant to read.
func init() {
	m.Register(func(app core.App) error {
		pages, err := app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		c := core.NewBaseCollection(schema.CollectionPageSources)
		c.Fields.Add(
			&core.RelationField{Name: schema.PageSourcePage, CollectionId: pages.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: schema.PageSourceFormat, Required: true, Max: 16},
			&core.TextField{Name: schema.PageSourceFile, Required: true, Max: 2000, Presentable: true},
			&core.TextField{Name: schema.PageSourceHead, Max: 1 << 20},
			&core.NumberField{Name: schema.PageSourceMadeFrom, OnlyInt: true},
			&core.AutodateField{Name: schema.PageSourceUpdated, OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_page_sources_page", true, schema.PageSourcePage, "")
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionPageSources)
	})
}
