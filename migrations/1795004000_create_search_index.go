package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Creates the search index of pages; 1796000100_search_levels gives it its final shape and
// fills it from the pages already there (an upgrade, or a backup restored from before search
// existed). These are raw SQL tables PocketBase knows nothing of: no collection, no API,
// invisible in the dashboard. Text reaches them already segmented by textseg, hence
// tokenize='ascii'. The FTS table is contentless (it stores only the inverted index; snippets
// come from the text pages_search stores) with contentless_delete so a page can be re-indexed by
// rowid. Its rowids come from pages_search's INTEGER PRIMARY KEY rather than from the pages
// table, whose implicit rowids VACUUM may renumber.
func init() {
	m.Register(func(app core.App) error {
		for _, sql := range []string{
			fmt.Sprintf(`CREATE TABLE {{%s}} (
				[[%s]] INTEGER PRIMARY KEY,
				[[%s]] TEXT NOT NULL UNIQUE,
				[[%s]] TEXT NOT NULL DEFAULT '',
				[[%s]] TEXT NOT NULL DEFAULT ''
			)`, schema.SearchDocsTable, schema.SearchDocID, schema.SearchDocPage, schema.SearchDocTitleKey, schema.SearchDocHash),
			fmt.Sprintf(`CREATE VIRTUAL TABLE {{%s}} USING fts5(%s, %s, %s,
				content='', contentless_delete=1, tokenize='ascii')`,
				schema.SearchIndexTable, schema.SearchIndexTitle, schema.SearchIndexTags, schema.SearchIndexBody),
		} {
			if _, err := app.DB().NewQuery(sql).Execute(); err != nil {
				return err
			}
		}
		// The index is filled by 1796000100_search_levels, which gives it its final shape.
		return nil
	}, func(app core.App) error {
		for _, table := range []string{schema.SearchIndexTable, schema.SearchDocsTable} {
			if _, err := app.DB().NewQuery("DROP TABLE IF EXISTS {{" + table + "}}").Execute(); err != nil {
				return err
			}
		}
		return nil
	})
}
