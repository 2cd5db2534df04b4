package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Creates page_assets: the file references (images, links to files) of each page, resolved on
// save. attachment is empty while the reference is broken, and PocketBase empties it when the
// file is deleted. Readable exactly when the page is; written by the server only.
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
		attachments, err := app.FindCollectionByNameOrId(schema.CollectionAttachments)
		if err != nil {
			return err
		}
		c := core.NewBaseCollection(schema.CollectionPageAssets)
		c.Fields.Add(
			&core.RelationField{Name: schema.PageAssetPage, CollectionId: pages.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: schema.PageAssetSpace, CollectionId: spaces.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: schema.PageAssetHref, Max: 2048},
			&core.SelectField{Name: schema.PageAssetKind, Values: []string{schema.AssetKindImage, schema.AssetKindFile}, MaxSelect: 1},
			&core.TextField{Name: schema.PageAssetLocale, Max: 35},
			&core.TextField{Name: schema.PageAssetPath, Max: 512},
			&core.TextField{Name: schema.PageAssetAltPath, Max: 512},
			&core.RelationField{Name: schema.PageAssetAttachment, CollectionId: attachments.Id, MaxSelect: 1},
		)
		c.AddIndex("idx_page_assets_page", false, schema.PageAssetPage, "")
		c.AddIndex("idx_page_assets_attachment", false, schema.PageAssetAttachment, "")
		c.AddIndex("idx_page_assets_path", false, schema.PageAssetSpace+", "+schema.PageAssetPath, "")
		c.AddIndex("idx_page_assets_alt_path", false, schema.PageAssetSpace+", "+schema.PageAssetAltPath, "")
		setPageChildRules(c)
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionPageAssets)
	})
}
