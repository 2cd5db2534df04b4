package main

import (
	"embed"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// embeddedPublic is the reference web client as built from web/ (`make web`) and committed in
// pb_public/, compiled into the binary so `folio serve` needs nothing beside it.
//
//go:embed all:pb_public
var embeddedPublic embed.FS

// publicFS is the client to serve: the directory given with --publicDir, else the embedded one.
func publicFS(dir string) fs.FS {
	if dir != "" {
		return os.DirFS(dir)
	}
	sub, err := fs.Sub(embeddedPublic, "pb_public")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}

// isClientRoute says whether a path with no file behind it is one of the client's own pages
// (answered with index.html) rather than a missing static file (a 404). Files live under
// assets/ or carry an extension; page paths under /s/ may contain dots (`/s/docs/en/v1.2`), and
// so do the tokens (JWTs) of the mailed links to /confirm/{kind}/{token}.
func isClientRoute(p string) bool {
	if strings.HasPrefix(p, "s/") || strings.HasPrefix(p, "confirm/") {
		return true
	}
	if p == "assets" || strings.HasPrefix(p, "assets/") {
		return false
	}
	return path.Ext(p) == ""
}

// bindPublicDir serves the reference web client on /{path...}: existing files as they are
// (hashed assets cached for a year), index.html for the client's routes, and PocketBase's 404
// for a missing static file and for unknown /api/ and /_/ paths.
func bindPublicDir(app *pocketbase.PocketBase, dir *string) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Priority: 999, // after every other route is registered
		Func: func(se *core.ServeEvent) error {
			if se.Router.HasRoute(http.MethodGet, "/{path...}") {
				return se.Next()
			}
			fsys := publicFS(*dir)
			static := apis.Static(fsys, false)
			se.Router.GET("/{path...}", func(e *core.RequestEvent) error {
				p := strings.TrimPrefix(path.Clean("/"+e.Request.PathValue("path")), "/")
				if p == "api" || strings.HasPrefix(p, "api/") || p == "_" || strings.HasPrefix(p, "_/") {
					return e.NotFoundError("", nil)
				}
				if p != "" && p != "index.html" {
					if fi, err := fs.Stat(fsys, p); err == nil && !fi.IsDir() {
						if strings.HasPrefix(p, "assets/") {
							e.Response.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
						}
						return static(e)
					}
					if !isClientRoute(p) {
						return e.NotFoundError("", nil)
					}
				}
				e.Response.Header().Set("Cache-Control", "no-cache")
				return e.FileFS(fsys, "index.html")
			})
			return se.Next()
		},
	})
}
