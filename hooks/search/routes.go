package search

import "github.com/pocketbase/pocketbase/core"

// bindRoutes registers the search route. It needs no auth middleware: the pages list rule
// decides per caller, guests included.
func bindRoutes(se *core.ServeEvent) error {
	se.Router.GET("/api/folio/search", onSearchRequest)
	return se.Next()
}
