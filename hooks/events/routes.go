package events

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// bindRoutes adds the events concern's routes.
func bindRoutes(se *core.ServeEvent) error {
	g := se.Router.Group("/api/folio")
	g.POST("/deliveries/{id}/redeliver", redeliverRoute).Bind(apis.RequireAuth())
	g.POST("/webhooks/{id}/rotate-secret", rotateSecretRoute).Bind(apis.RequireAuth())
	g.POST("/notifications/read-all", readAllRoute).Bind(apis.RequireAuth())
	g.GET("/notifications/unsubscribe", unsubscribeRoute)
	g.POST("/notifications/unsubscribe", unsubscribeRoute)
	return se.Next()
}
