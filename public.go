package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/osutils"
)

// defaultPublicDir is pb_public beside the binary, or in the working directory under `go run`.
func defaultPublicDir() string {
	if osutils.IsProbablyGoRun() {
		return "./pb_public"
	}
	return filepath.Join(os.Args[0], "../pb_public")
}

// bindPublicDir serves the reference web client on /{path...} with an index.html fallback for
// client-side routes. Unknown /api/ and /_/ paths keep their 404 instead of getting the page.
func bindPublicDir(app *pocketbase.PocketBase, dir *string) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Priority: 999, // after every other route is registered
		Func: func(se *core.ServeEvent) error {
			if se.Router.HasRoute(http.MethodGet, "/{path...}") {
				return se.Next()
			}
			static := apis.Static(os.DirFS(*dir), true)
			se.Router.GET("/{path...}", func(e *core.RequestEvent) error {
				p := e.Request.PathValue("path")
				if p == "api" || strings.HasPrefix(p, "api/") || p == "_" || strings.HasPrefix(p, "_/") {
					return e.NotFoundError("", nil)
				}
				return static(e)
			})
			return se.Next()
		},
	})
}
