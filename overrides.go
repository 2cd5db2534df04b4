package main

import (
	"os"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
)

// bindRuntimeOverrides applies settings that come from the environment for one process only,
// without writing them to the database: FOLIO_RATE_LIMITS=off turns PocketBase's per-IP rate
// limiter off, for load tests and end-to-end suites that send many requests from 127.0.0.1.
func bindRuntimeOverrides(app *pocketbase.PocketBase) {
	if os.Getenv("FOLIO_RATE_LIMITS") != "off" {
		return
	}
	disable := func() { app.Settings().RateLimits.Enabled = false }
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		disable()
		return se.Next()
	})
	app.OnSettingsReload().BindFunc(func(e *core.SettingsReloadEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		disable()
		return nil
	})
}
