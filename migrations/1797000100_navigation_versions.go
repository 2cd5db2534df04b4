package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Gives every space a navigation version that changes with each committed write to its pages,
// whatever makes the write: a raw SQL table PocketBase knows nothing of (no collection, no API,
// invisible in the dashboard) and three triggers on pages. The version is random rather than a
// counter, so the version a rolled-back transaction set is never seen again. The triggers read
// only the pages' space column, so fields added, renamed or removed in the dashboard never
// collide with them.
func init() {
	m.Register(func(app core.App) error {
		upsert := func(space string) string {
			return fmt.Sprintf("INSERT OR REPLACE INTO {{%s}} ([[%s]], [[%s]]) VALUES (%s, lower(hex(randomblob(8))));",
				schema.NavigationVersionsTable, schema.NavigationVersionSpace, schema.NavigationVersion, space)
		}
		oldIfMoved := fmt.Sprintf("INSERT OR REPLACE INTO {{%s}} ([[%s]], [[%s]]) SELECT OLD.[[%s]], lower(hex(randomblob(8))) WHERE OLD.[[%s]] IS NOT NEW.[[%s]];",
			schema.NavigationVersionsTable, schema.NavigationVersionSpace, schema.NavigationVersion,
			schema.PageSpace, schema.PageSpace, schema.PageSpace)
		for _, sql := range []string{
			fmt.Sprintf(`CREATE TABLE {{%s}} ([[%s]] TEXT PRIMARY KEY NOT NULL, [[%s]] TEXT NOT NULL) WITHOUT ROWID`,
				schema.NavigationVersionsTable, schema.NavigationVersionSpace, schema.NavigationVersion),
			fmt.Sprintf(`CREATE TRIGGER [[%s_insert]] AFTER INSERT ON {{%s}} BEGIN %s END`,
				schema.NavigationVersionsTable, schema.CollectionPages, upsert("NEW.[["+schema.PageSpace+"]]")),
			fmt.Sprintf(`CREATE TRIGGER [[%s_update]] AFTER UPDATE ON {{%s}} BEGIN %s %s END`,
				schema.NavigationVersionsTable, schema.CollectionPages, upsert("NEW.[["+schema.PageSpace+"]]"), oldIfMoved),
			fmt.Sprintf(`CREATE TRIGGER [[%s_delete]] AFTER DELETE ON {{%s}} BEGIN %s END`,
				schema.NavigationVersionsTable, schema.CollectionPages, upsert("OLD.[["+schema.PageSpace+"]]")),
		} {
			if _, err := app.DB().NewQuery(sql).Execute(); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, sql := range []string{
			"DROP TRIGGER IF EXISTS [[" + schema.NavigationVersionsTable + "_insert]]",
			"DROP TRIGGER IF EXISTS [[" + schema.NavigationVersionsTable + "_update]]",
			"DROP TRIGGER IF EXISTS [[" + schema.NavigationVersionsTable + "_delete]]",
			"DROP TABLE IF EXISTS {{" + schema.NavigationVersionsTable + "}}",
		} {
			if _, err := app.DB().NewQuery(sql).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
}
