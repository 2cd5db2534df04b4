package translations

import "github.com/pocketbase/pocketbase/core"

// bindRoutes registers the translation reports. Both are open to guests (public spaces) and
// check the caller's access themselves, page by page, with the pages collection's own rule.
func bindRoutes(se *core.ServeEvent) error {
	g := se.Router.Group("/api/folio")
	g.GET("/spaces/{id}/translations", spaceTranslations)
	g.GET("/pages/{id}/translations", pageTranslations)
	return se.Next()
}
