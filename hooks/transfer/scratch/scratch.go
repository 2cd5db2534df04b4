// Package scratch builds a throwaway Folio app in a folder — every migration applied, Folio's
// hooks registered — for programs that run outside `serve`: the acceptance steps and the
// import benchmarks.
package scratch

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks"
	_ "folio/migrations"
)

// New bootstraps an app with its data in dir (which should be empty), applies every migration
// and registers Folio's hooks. Close it with Close.
func New(dir string) (*core.BaseApp, error) {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		return nil, fmt.Errorf("bootstrap: %w", err)
	}
	if err := app.RunAllMigrations(); err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if err := hooks.Register(app); err != nil {
		return nil, fmt.Errorf("register hooks: %w", err)
	}
	return app, nil
}

// Close terminates app as serve does: Folio's background workers (the events worker among
// them) stop on the terminate hook before the database closes under them.
func Close(app core.App) error {
	return app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error {
		return e.App.ResetBootstrapState()
	})
}
