package attachments

import "github.com/pocketbase/pocketbase/core"

// bindRoutes registers the file route, which serves an attachment to whoever may read it
// (a browser <img> included, through PocketBase's file token), and the asset report, and
// bounds the images PocketBase's own file route makes thumbnails of.
func bindRoutes(se *core.ServeEvent) error {
	se.Router.BindFunc(guardThumbs)
	g := se.Router.Group("/api/folio")
	g.GET("/files/{id}/{name}", serveFile)
	g.GET("/spaces/{id}/assets", spaceAssets)
	return se.Next()
}
