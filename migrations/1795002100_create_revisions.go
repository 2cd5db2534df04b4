package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Creates revisions: immutable snapshots of a page's content, numbered 1, 2, 3… per page. Only
// the pages hooks write them (the API rules for writes stay nil), in the transaction that
// saves the page.
func init() {
	m.Register(func(app core.App) error {
		pages, err := app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
		if err != nil {
			return err
		}
		c := core.NewBaseCollection(schema.CollectionRevisions)
		c.Fields.Add(
			&core.RelationField{Name: schema.RevisionPage, CollectionId: pages.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.NumberField{Name: schema.RevisionNumber, Required: true, OnlyInt: true},
			&core.TextField{Name: schema.RevisionTitle, Max: 300, Presentable: true},
			&core.TextField{Name: schema.RevisionDescription, Max: 2000},
			&core.TextField{Name: schema.RevisionBody, Max: pageBodyMax},
			&core.JSONField{Name: schema.RevisionTags, MaxSize: 16 << 10},
			&core.RelationField{Name: schema.RevisionEditor, CollectionId: users.Id, MaxSelect: 1},
			&core.TextField{Name: schema.RevisionSummary, Max: 500},
			&core.BoolField{Name: schema.RevisionMinor},
			&core.TextField{Name: schema.RevisionHash, Max: 64},
			&core.AutodateField{Name: schema.RevisionCreated, OnCreate: true},
		)
		c.AddIndex("idx_revisions_page_number", true, schema.RevisionPage+", "+schema.RevisionNumber, "")
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionRevisions)
	})
}
