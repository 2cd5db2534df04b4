package navigation

import "github.com/pocketbase/pocketbase/core"

// bindRoutes registers the navigation routes. Each is open to guests (public spaces) and checks
// the caller's access itself with the pages collection's own rules.
func bindRoutes(se *core.ServeEvent) error {
	g := se.Router.Group("/api/folio")
	g.GET("/spaces/{id}/tree", spaceTree)
	g.GET("/spaces/{id}/resolve", spaceResolve)
	g.GET("/pages/{id}/nav", pageNav)
	g.POST("/pages/{id}/move", pageMove)
	return se.Next()
}
