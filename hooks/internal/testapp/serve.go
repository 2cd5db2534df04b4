package testapp

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// Handler builds app's full HTTP handler once — PocketBase's router, every OnServe route and
// middleware, as tests.ApiScenario builds it — so that one app can serve many requests, from
// many goroutines (wrap it in httptest.NewServer for a real 127.0.0.1 listener). Call it once
// per app: a second OnServe trigger registers the routes again and the mux build panics.
func Handler(t testing.TB, app *tests.TestApp) http.Handler {
	t.Helper()
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	se := &core.ServeEvent{App: app, Router: router}
	var mux http.Handler
	err = app.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		t.Fatalf("build the router: %v", err)
	}
	return mux
}
