package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Indexes the search index's title keys: every search looks up the pages whose title is
// exactly the query before ranking, and that lookup must not scan the table.
func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(fmt.Sprintf("CREATE INDEX {{idx_%s_%s}} ON {{%[1]s}} ([[%[2]s]])",
			schema.SearchDocsTable, schema.SearchDocTitleKey)).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery(fmt.Sprintf("DROP INDEX IF EXISTS {{idx_%s_%s}}",
			schema.SearchDocsTable, schema.SearchDocTitleKey)).Execute()
		return err
	})
}
