package navigation

import (
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// versionTriggers are the triggers that move a space's navigation version on every page write
// (migration 1797000100_navigation_versions).
var versionTriggers = []any{
	schema.NavigationVersionsTable + "_insert",
	schema.NavigationVersionsTable + "_update",
	schema.NavigationVersionsTable + "_delete",
}

// triggerCheck remembers, for one shape of the pages collection, whether its table carries the
// version triggers.
type triggerCheck struct {
	mu      sync.Mutex
	id, at  string
	present bool
}

const triggerCheckKey = "folio.navigation.triggers"

// versioned reports whether the pages table carries the version triggers, so that a snapshot
// can be trusted. A pages table dropped and created again (a collection deleted and imported in
// the dashboard) loses them: navigation then reads through the rule and keeps nothing. The
// answer is looked up again whenever the collection changes.
func versioned(app core.App, col *core.Collection) bool {
	c := app.Store().GetOrSet(triggerCheckKey, func() any { return &triggerCheck{} }).(*triggerCheck)
	c.mu.Lock()
	defer c.mu.Unlock()
	at := col.Updated.String()
	if c.id == col.Id && c.at == at {
		return c.present
	}
	var n int
	err := app.DB().Select("count(*)").From("sqlite_master").Where(dbx.And(
		dbx.HashExp{"type": "trigger", "tbl_name": col.Name},
		dbx.In("name", versionTriggers...))).Row(&n)
	if err != nil {
		app.Logger().Error("Failed to look for the navigation version triggers", "error", err)
		return false
	}
	if n != len(versionTriggers) {
		app.Logger().Warn("The pages table lacks the navigation version triggers; navigation reads through the pages rule", "found", n)
	}
	c.id, c.at, c.present = col.Id, at, n == len(versionTriggers)
	return c.present
}
