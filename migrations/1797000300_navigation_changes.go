package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Gives each space's navigation version a change number and logs which page each change wrote,
// so that navigation brings its snapshot of a space up to date by reading the pages that changed
// instead of all of them. The three triggers of 1797000100 are replaced by ones that, in the
// writing transaction, give the space a new random version and the next change number, and log
// the page's id under it, in a ring that keeps the space's last schema.NavigationChangesKept
// changes: two statements a write, none of them a search. A rolled-back write takes its number and its log row with it; a
// committed number is never seen twice, since writes commit one at a time in number order.
func init() {
	m.Register(func(app core.App) error {
		for _, sql := range append([]string{
			fmt.Sprintf(`ALTER TABLE {{%s}} ADD COLUMN [[%s]] INTEGER NOT NULL DEFAULT 0`,
				schema.NavigationVersionsTable, schema.NavigationVersionSeq),
			fmt.Sprintf(`CREATE TABLE {{%s}} ([[%s]] TEXT NOT NULL, [[%s]] INTEGER NOT NULL, [[%s]] INTEGER NOT NULL, [[%s]] TEXT NOT NULL, PRIMARY KEY ([[%s]], [[%s]])) WITHOUT ROWID`,
				schema.NavigationChangesTable, schema.NavigationChangeSpace, schema.NavigationChangeSlot, schema.NavigationChangeSeq,
				schema.NavigationChangePage, schema.NavigationChangeSpace, schema.NavigationChangeSlot),
		}, loggedVersionTriggers()...) {
			if _, err := app.DB().NewQuery(sql).Execute(); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, sql := range append(append(dropVersionTriggers(), versionTriggers()...),
			"DROP TABLE IF EXISTS {{"+schema.NavigationChangesTable+"}}",
			"ALTER TABLE {{"+schema.NavigationVersionsTable+"}} DROP COLUMN [["+schema.NavigationVersionSeq+"]]",
		) {
			if _, err := app.DB().NewQuery(sql).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
}

// loggedVersionTriggers drops the navigation version triggers of 1797000100 and creates the
// ones that also log each change.
//
// Each trigger is two statements, since SQLite compiles a trigger's statements into every
// statement that writes pages, and PocketBase prepares each statement anew: the first gives the
// spaces written a new version and their next change number, the second logs the page under its
// space's number in the space's ring of schema.NavigationChangesKept slots (slot = number modulo
// their count: a change overwrites the one that many changes older). An update that takes a page
// out of its space, or changes its id, also moves the old space's number (the same space's once
// more) without a log row: a snapshot there finds a change it cannot name and reads every page.
func loggedVersionTriggers() []string {
	versions, changes := schema.NavigationVersionsTable, schema.NavigationChangesTable
	newSpace, oldSpace := "NEW.[["+schema.PageSpace+"]]", "OLD.[["+schema.PageSpace+"]]"
	// spaces is a subquery of the spaces a write moves, one row each: [[s]].
	bump := func(spaces, space, page string) string {
		return fmt.Sprintf(`INSERT INTO {{%[1]s}} ([[%[3]s]], [[%[4]s]], [[%[5]s]]) SELECT [[s]], lower(hex(randomblob(8))), 1 FROM (%[6]s) WHERE true
				ON CONFLICT ([[%[3]s]]) DO UPDATE SET [[%[4]s]] = excluded.[[%[4]s]], [[%[5]s]] = [[%[5]s]] + 1;
			INSERT OR REPLACE INTO {{%[2]s}} ([[%[9]s]], [[%[10]s]], [[%[11]s]], [[%[12]s]])
				SELECT [[%[3]s]], [[%[5]s]] %% %[13]d, [[%[5]s]], %[8]s FROM {{%[1]s}} WHERE [[%[3]s]] = %[7]s;`,
			versions, changes,
			schema.NavigationVersionSpace, schema.NavigationVersion, schema.NavigationVersionSeq,
			spaces, space, page,
			schema.NavigationChangeSpace, schema.NavigationChangeSlot, schema.NavigationChangeSeq, schema.NavigationChangePage,
			schema.NavigationChangesKept)
	}
	return append(dropVersionTriggers(),
		fmt.Sprintf(`CREATE TRIGGER [[%s_insert]] AFTER INSERT ON {{%s}} BEGIN %s END`,
			versions, schema.CollectionPages, bump("SELECT "+newSpace+" AS [[s]]", newSpace, "NEW.[[id]]")),
		fmt.Sprintf(`CREATE TRIGGER [[%s_update]] AFTER UPDATE ON {{%s}} BEGIN %s END`,
			versions, schema.CollectionPages, bump("SELECT "+newSpace+" AS [[s]] UNION ALL SELECT "+oldSpace+
				" WHERE "+oldSpace+" IS NOT "+newSpace+" OR OLD.[[id]] IS NOT NEW.[[id]]", newSpace, "NEW.[[id]]")),
		fmt.Sprintf(`CREATE TRIGGER [[%s_delete]] AFTER DELETE ON {{%s}} BEGIN %s END`,
			versions, schema.CollectionPages, bump("SELECT "+oldSpace+" AS [[s]]", oldSpace, "OLD.[[id]]")),
	)
}
