package main

import (
	"fmt"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/transfer/scratch"
)

// newApp builds a Folio app in dir from every migration, with Folio's hooks (scratch.New; close
// it with scratch.Close), and the HTTP handler PocketBase would serve — the same router, middlewares and routes as `folio serve`,
// without a listener.
func newApp(dir string) (core.App, http.Handler, error) {
	app, err := scratch.New(dir)
	if err != nil {
		return nil, nil, err
	}
	// Thousands of searches from one address would trip the /api/ rate limit, which this step
	// is not about.
	app.Settings().RateLimits.Enabled = false
	router, err := apis.NewRouter(app)
	if err != nil {
		return nil, nil, err
	}
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("build the router: %w", err)
	}
	return app, mux, nil
}
