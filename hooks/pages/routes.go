package pages

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// bindRoutes registers the pages routes: what a page's records cannot express — diffs,
// backlinks, restore, the broken-link report and the editor's preview. Each checks the caller's access itself.
func bindRoutes(se *core.ServeEvent) error {
	g := se.Router.Group("/api/folio")
	g.GET("/pages/{id}/diff", pageDiff)
	g.GET("/pages/{id}/backlinks", pageBacklinks)
	g.POST("/pages/{id}/restore", pageRestore)
	g.GET("/spaces/{id}/broken-links", spaceBrokenLinks)
	g.POST("/render", pageRenderPreview).Bind(apis.RequireAuth(), apis.BodyLimit(previewBodyLimit))
	return se.Next()
}
