package accounts

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// bindRoutes adds the session check, the OTP throttle and the sign-up password length check
// next to PocketBase's token loader, and Folio's session and account routes.
func (s *service) bindRoutes(se *core.ServeEvent) error {
	se.Router.Bind(s.sessionCheckMiddleware())
	se.Router.Bind(s.otpThrottleMiddleware())
	se.Router.Bind(passwordLengthMiddleware())

	sessions := se.Router.Group("/api/folio/sessions").Bind(apis.RequireAuth(schema.CollectionUsers))
	sessions.POST("/logout", s.logout)
	sessions.POST("/revoke-others", s.revokeOthers)
	sessions.POST("/revoke-all", s.revokeAll)

	account := se.Router.Group("/api/folio/account").Bind(apis.RequireAuth(schema.CollectionUsers))
	account.GET("/export", s.exportAccount)
	account.POST("/delete", s.deleteAccount)
	return se.Next()
}
