package transfer

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// maxUploadSize bounds an import upload (the zip as sent). A Wiki.js export of a few thousand
// pages zips to a few megabytes; the bound leaves room for large knowledge bases.
const maxUploadSize = 64 << 20

// bindRoutes registers the import and export routes of a space.
func bindRoutes(se *core.ServeEvent) error {
	g := se.Router.Group("/api/folio/spaces/{id}").Bind(apis.RequireAuth())
	g.POST("/import", spaceImport).Bind(apis.BodyLimit(maxUploadSize))
	g.GET("/export", spaceExport)
	return se.Next()
}
