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
)

// defaultPublicDir is pb_public beside the binary when there is one, else pb_public in the
// working directory (as under `go run`, whose binary sits in a build cache). It does not go by
// PocketBase's go-run guess, which takes any binary under the temp dir for `go run`.
func defaultPublicDir() string {
	if exe, err := os.Executable(); err == nil {
		dir := filepath.Join(filepath.Dir(exe), "pb_public")
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir
		}
	}
	return "./pb_public"
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
