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
// writing transaction, give the space a new random version and the next change number, log the
// page's id under it, and forget the space's changes older than the last
// schema.NavigationChangesKept. A rolled-back write takes its number and its log row with it; a
// committed number is never seen twice, since writes commit one at a time in number order.
func init() {
	m.Register(func(app core.App) error {
		for _, sql := range append([]string{
			fmt.Sprintf(`ALTER TABLE {{%s}} ADD COLUMN [[%s]] INTEGER NOT NULL DEFAULT 0`,
				schema.NavigationVersionsTable, schema.NavigationVersionSeq),
			fmt.Sprintf(`CREATE TABLE {{%s}} ([[%s]] TEXT NOT NULL, [[%s]] INTEGER NOT NULL, [[%s]] TEXT NOT NULL, PRIMARY KEY ([[%s]], [[%s]])) WITHOUT ROWID`,
				schema.NavigationChangesTable, schema.NavigationChangeSpace, schema.NavigationChangeSeq, schema.NavigationChangePage,
				schema.NavigationChangeSpace, schema.NavigationChangeSeq),
		}, navigationTriggers(true)...) {
			if _, err := app.DB().NewQuery(sql).Execute(); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, sql := range append(navigationTriggers(false),
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

// navigationTriggers drops the navigation version triggers and creates them again: logging each
// change when logged is set, as 1797000100 made them otherwise.
func navigationTriggers(logged bool) []string {
	versions, changes := schema.NavigationVersionsTable, schema.NavigationChangesTable
	// bump gives space (an expression over NEW or OLD) a new version and its next change
	// number and, when logged, logs page under it and forgets what is past the kept window,
	// when the condition when holds. An update logs the page in its new space and, when it
	// left its space or changed its id, the old id in the old space too.
	bump := func(space, page, when string) string {
		when = "(" + when + ")"
		if !logged {
			return fmt.Sprintf("INSERT OR REPLACE INTO {{%s}} ([[%s]], [[%s]]) SELECT %s, lower(hex(randomblob(8))) WHERE %s;",
				versions, schema.NavigationVersionSpace, schema.NavigationVersion, space, when)
		}
		return fmt.Sprintf(`INSERT INTO {{%[1]s}} ([[%[3]s]], [[%[4]s]], [[%[5]s]]) SELECT %[6]s, lower(hex(randomblob(8))), 1 WHERE %[8]s
				ON CONFLICT ([[%[3]s]]) DO UPDATE SET [[%[4]s]] = excluded.[[%[4]s]], [[%[5]s]] = [[%[5]s]] + 1;
			INSERT INTO {{%[2]s}} ([[%[9]s]], [[%[10]s]], [[%[11]s]]) SELECT [[%[3]s]], [[%[5]s]], %[7]s FROM {{%[1]s}} WHERE [[%[3]s]] = %[6]s AND %[8]s;
			DELETE FROM {{%[2]s}} WHERE [[%[9]s]] = %[6]s AND %[8]s AND [[%[10]s]] <= (SELECT [[%[5]s]] FROM {{%[1]s}} WHERE [[%[3]s]] = %[6]s) - %[12]d;`,
			versions, changes,
			schema.NavigationVersionSpace, schema.NavigationVersion, schema.NavigationVersionSeq,
			space, page, when,
			schema.NavigationChangeSpace, schema.NavigationChangeSeq, schema.NavigationChangePage,
			schema.NavigationChangesKept)
	}
	newSpace, oldSpace := "NEW.[["+schema.PageSpace+"]]", "OLD.[["+schema.PageSpace+"]]"
	return []string{
		"DROP TRIGGER IF EXISTS [[" + versions + "_insert]]",
		"DROP TRIGGER IF EXISTS [[" + versions + "_update]]",
		"DROP TRIGGER IF EXISTS [[" + versions + "_delete]]",
		fmt.Sprintf(`CREATE TRIGGER [[%s_insert]] AFTER INSERT ON {{%s}} BEGIN %s END`,
			versions, schema.CollectionPages, bump(newSpace, "NEW.[[id]]", "true")),
		fmt.Sprintf(`CREATE TRIGGER [[%s_update]] AFTER UPDATE ON {{%s}} BEGIN %s %s END`,
			versions, schema.CollectionPages, bump(newSpace, "NEW.[[id]]", "true"),
			bump(oldSpace, "OLD.[[id]]", oldSpace+" IS NOT "+newSpace+" OR OLD.[[id]] IS NOT NEW.[[id]]")),
		fmt.Sprintf(`CREATE TRIGGER [[%s_delete]] AFTER DELETE ON {{%s}} BEGIN %s END`,
			versions, schema.CollectionPages, bump(oldSpace, "OLD.[[id]]", "true")),
	}
}
