package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// schema.PagesReadIndex holds, beside each page id, the columns the pages read rule and search's
// filters look at. SQLite stores a row's columns in the order of their names, so status, space
// and the publish window come after the markdown and the rendered HTML: reading them from the
// table walks every overflow page of a 7 KB page. Search checks the rule on thousands of
// candidates per query (a word found on most pages, the count up to 1,001), and reads them from
// this index instead.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		c.AddIndex(schema.PagesReadIndex, false, "`id`, `space`, `status`, `render`, `publish_at`, `unpublish_at`, `locale`", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		c.RemoveIndex(schema.PagesReadIndex)
		return app.Save(c)
	})
}
