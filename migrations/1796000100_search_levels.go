package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
	"folio/hooks/search"
)

// Gives the search index what ranking by levels and snippets without the page need: the FTS
// table gets a levels column (rebuilt, since FTS5 tables take no new columns) and pages_search the
// plain text snippets are cut from. The index is then rebuilt from the pages in one transaction.
// Down restores the three-column table empty: run `folio search reindex` with the Folio that
// matches it.
func init() {
	m.Register(func(app core.App) error {
		for _, sql := range []string{
			"DROP TABLE IF EXISTS {{" + schema.SearchIndexTable + "}}",
			fmt.Sprintf(`CREATE VIRTUAL TABLE {{%s}} USING fts5(%s, %s, %s, %s,
				content='', contentless_delete=1, tokenize='ascii')`,
				schema.SearchIndexTable, schema.SearchIndexTitle, schema.SearchIndexTags, schema.SearchIndexBody, schema.SearchIndexLevels),
			fmt.Sprintf("ALTER TABLE {{%s}} ADD COLUMN [[%s]] TEXT NOT NULL DEFAULT ''", schema.SearchDocsTable, schema.SearchDocText),
		} {
			if _, err := app.DB().NewQuery(sql).Execute(); err != nil {
				return err
			}
		}
		_, err := search.Reindex(app)
		return err
	}, func(app core.App) error {
		for _, sql := range []string{
			"DROP TABLE IF EXISTS {{" + schema.SearchIndexTable + "}}",
			fmt.Sprintf(`CREATE VIRTUAL TABLE {{%s}} USING fts5(%s, %s, %s,
				content='', contentless_delete=1, tokenize='ascii')`,
				schema.SearchIndexTable, schema.SearchIndexTitle, schema.SearchIndexTags, schema.SearchIndexBody),
			fmt.Sprintf("ALTER TABLE {{%s}} DROP COLUMN [[%s]]", schema.SearchDocsTable, schema.SearchDocText),
			"DELETE FROM {{" + schema.SearchDocsTable + "}}",
		} {
			if _, err := app.DB().NewQuery(sql).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
}
