package migrations_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/schema"
	_ "folio/migrations"
)

// The change log's migration reverts to 1797000100's triggers (the version still moves on a
// page write, nothing is logged) and applies again (the write is logged).
func TestNavigationChangesDownAndUp(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	count := func(sql string) int {
		t.Helper()
		var n int
		if err := app.DB().NewQuery(sql).Row(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}
	write := func() {
		t.Helper()
		// A page row written by plain SQL: the triggers see every write, whoever makes it.
		if _, err := app.DB().NewQuery("INSERT INTO {{pages}} ([[id]], [[space]], [[locale]], [[path]]) VALUES (lower(hex(randomblob(7))), 'spaceone', 'en', lower(hex(randomblob(4))))").Execute(); err != nil {
			t.Fatal(err)
		}
	}
	// Revert one migration at a time, in the runner's own order, until the change log's is
	// reverted: on a new dir the new-dir schema recorded it, with the ones after it.
	runner := core.NewMigrationsRunner(app, core.AppMigrations)
	for reverted := false; !reverted; {
		files, err := runner.Down(1)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatal("nothing left to revert and 1797000300_navigation_changes.go was not reverted")
		}
		reverted = files[0] == "1797000300_navigation_changes.go"
	}
	if n := count("SELECT count(*) FROM sqlite_master WHERE name = '" + schema.NavigationChangesTable + "'"); n != 0 {
		t.Fatal("the change log is still there after its migration was reverted")
	}
	write()
	if n := count("SELECT count(*) FROM {{" + schema.NavigationVersionsTable + "}} WHERE [[space]] = 'spaceone'"); n != 1 {
		t.Fatalf("after the revert a page write gave %d version rows, want 1", n)
	}
	if _, err := runner.Up(); err != nil {
		t.Fatal(err)
	}
	write()
	if n := count("SELECT count(*) FROM {{" + schema.NavigationChangesTable + "}} WHERE [[space]] = 'spaceone'"); n != 1 {
		t.Fatalf("after applying again a page write logged %d changes, want 1", n)
	}
}
