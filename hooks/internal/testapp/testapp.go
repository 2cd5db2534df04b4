// Package testapp builds fresh Folio apps for tests: a new SQLite database in t.TempDir(), every
// migration applied, and Folio's hooks registered.
package testapp

import (
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks"
	_ "folio/migrations"
)

// New returns a fresh app with Folio's schema and hooks; it is cleaned up when the test ends.
func New(t testing.TB) *tests.TestApp {
	t.Helper()
	app := NewUnmanaged(t)
	t.Cleanup(app.Cleanup)
	return app
}

// NewUnmanaged is New without the automatic cleanup, for tests.ApiScenario factories: the
// scenario cleans its app up itself.
func NewUnmanaged(t testing.TB) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatalf("new test app: %v", err)
	}
	if err := hooks.Register(app); err != nil {
		t.Fatalf("register hooks: %v", err)
	}
	return app
}
