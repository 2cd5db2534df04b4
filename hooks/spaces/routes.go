package spaces

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// bindRoutes registers the invitation routes. Creating, listing and deleting invitations go
// through the invitations collection; these are the state changes the records API does not allow.
func bindRoutes(se *core.ServeEvent) error {
	g := se.Router.Group("/api/folio/invitations")
	g.POST("/accept", invitationAccept).Bind(apis.RequireAuth(schema.CollectionUsers))
	g.POST("/decline", invitationDecline)
	g.POST("/preview", invitationPreview)
	g.POST("/{id}/revoke", invitationRevoke).Bind(apis.RequireAuth())
	g.POST("/{id}/resend", invitationResend).Bind(apis.RequireAuth())
	return se.Next()
}
