package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Creates page_links: the internal links of each page, extracted on save. to_page is empty
// while no page exists at (space, to_locale, to_path) — the link is broken — and PocketBase
// empties it when the target page is deleted (the relation does not cascade). space is copied
// from the linking page so a new page finds the links waiting for it by index.
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
		c := core.NewBaseCollection(schema.CollectionPageLinks)
		c.Fields.Add(
			&core.RelationField{Name: schema.PageLinkPage, CollectionId: pages.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: schema.PageLinkSpace, CollectionId: spaces.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: schema.PageLinkHref, Max: 2048},
			&core.TextField{Name: schema.PageLinkToLocale, Max: 35},
			&core.TextField{Name: schema.PageLinkToPath, Max: 512},
			&core.TextField{Name: schema.PageLinkAnchor, Max: 512},
			&core.RelationField{Name: schema.PageLinkToPage, CollectionId: pages.Id, MaxSelect: 1},
		)
		c.AddIndex("idx_page_links_page", false, schema.PageLinkPage, "")
		c.AddIndex("idx_page_links_to_page", false, schema.PageLinkToPage, "")
		c.AddIndex("idx_page_links_target", false, schema.PageLinkSpace+", "+schema.PageLinkToLocale+", "+schema.PageLinkToPath, "")
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionPageLinks)
	})
}
