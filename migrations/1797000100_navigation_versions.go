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
		for _, sql := range append([]string{
			fmt.Sprintf(`CREATE TABLE {{%s}} ([[%s]] TEXT PRIMARY KEY NOT NULL, [[%s]] TEXT NOT NULL) WITHOUT ROWID`,
				schema.NavigationVersionsTable, schema.NavigationVersionSpace, schema.NavigationVersion),
		}, versionTriggers()...) {
			if _, err := app.DB().NewQuery(sql).Execute(); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, sql := range append(dropVersionTriggers(), "DROP TABLE IF EXISTS {{"+schema.NavigationVersionsTable+"}}") {
			if _, err := app.DB().NewQuery(sql).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
}

// versionTriggers creates the three triggers that give a page's space a new random version on
// every insert, update (both spaces when the page changed space) and delete.
func versionTriggers() []string {
	upsert := func(space, when string) string {
		return fmt.Sprintf("INSERT OR REPLACE INTO {{%s}} ([[%s]], [[%s]]) SELECT %s, lower(hex(randomblob(8))) WHERE %s;",
			schema.NavigationVersionsTable, schema.NavigationVersionSpace, schema.NavigationVersion, space, when)
	}
	newSpace, oldSpace := "NEW.[["+schema.PageSpace+"]]", "OLD.[["+schema.PageSpace+"]]"
	return []string{
		fmt.Sprintf(`CREATE TRIGGER [[%s_insert]] AFTER INSERT ON {{%s}} BEGIN %s END`,
			schema.NavigationVersionsTable, schema.CollectionPages, upsert(newSpace, "true")),
		fmt.Sprintf(`CREATE TRIGGER [[%s_update]] AFTER UPDATE ON {{%s}} BEGIN %s %s END`,
			schema.NavigationVersionsTable, schema.CollectionPages, upsert(newSpace, "true"), upsert(oldSpace, oldSpace+" IS NOT "+newSpace)),
		fmt.Sprintf(`CREATE TRIGGER [[%s_delete]] AFTER DELETE ON {{%s}} BEGIN %s END`,
			schema.NavigationVersionsTable, schema.CollectionPages, upsert(oldSpace, "true")),
	}
}

// dropVersionTriggers drops the three navigation version triggers.
func dropVersionTriggers() []string {
	out := make([]string, 0, 3)
	for _, op := range []string{"insert", "update", "delete"} {
		out = append(out, "DROP TRIGGER IF EXISTS [["+schema.NavigationVersionsTable+"_"+op+"]]")
	}
	return out
}
