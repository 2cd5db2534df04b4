package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Indexes pages_search's rowid → page id, so the rule check's thousands of look-ups per query
// read a dense index instead of one table page per row (see schema.SearchDocsPageIndex).
func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(fmt.Sprintf("CREATE INDEX IF NOT EXISTS [[%s]] ON {{%s}} ([[%s]], [[%s]])",
			schema.SearchDocsPageIndex, schema.SearchDocsTable, schema.SearchDocID, schema.SearchDocPage)).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery(fmt.Sprintf("DROP INDEX IF EXISTS [[%s]]", schema.SearchDocsPageIndex)).Execute()
		return err
	})
}
