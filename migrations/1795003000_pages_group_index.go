package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Indexes pages by (space, path): a translation group is the pages at one path of a space, in
// every locale, and the translations hooks read it on every save of a source page, inside the
// save's transaction. The (space, locale, path) index only narrows that to the whole space.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		c.AddIndex("idx_pages_space_path", false, schema.PageSpace+", "+schema.PagePath, "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		c.RemoveIndex("idx_pages_space_path")
		return app.Save(c)
	})
}
