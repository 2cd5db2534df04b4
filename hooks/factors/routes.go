package factors

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// bindRoutes adds the second-step, enrolment and passkey routes.
func (s *service) bindRoutes(se *core.ServeEvent) error {
	signin := se.Router.Group("/api/folio/factors")
	signin.POST("/verify", s.verifySecondStep)
	signin.POST("/passkey/begin", s.beginPasskeyStep)
	signin.POST("/passkey/finish", s.finishPasskeyStep)

	own := se.Router.Group("/api/folio/factors").Bind(apis.RequireAuth(schema.CollectionUsers))
	own.POST("/totp", s.enrolTOTP)
	own.POST("/totp/confirm", s.confirmTOTP)
	own.POST("/recovery", s.regenerateRecoveryCodes)
	own.POST("/{id}/remove", s.removeFactor)

	passkeys := se.Router.Group("/api/folio/passkeys")
	passkeys.POST("/signin/begin", s.beginPasskeySignIn)
	passkeys.POST("/signin/finish", s.finishPasskeySignIn)
	passkeys.POST("/register/begin", s.beginPasskeyRegistration).Bind(apis.RequireAuth(schema.CollectionUsers))
	passkeys.POST("/register/finish", s.finishPasskeyRegistration).Bind(apis.RequireAuth(schema.CollectionUsers))
	return se.Next()
}
