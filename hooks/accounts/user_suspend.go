package accounts

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// onUserAuthRequest runs after a user's credentials were verified, before the token is returned
// (password, OTP, OAuth2 and refresh alike). A suspended account is refused with a message that
// says so: only someone who knows the credentials learns of the suspension.
func onUserAuthRequest(e *core.RecordAuthRequestEvent) error {
	if schema.AsUser(e.Record).IsSuspended() {
		return e.ForbiddenError("This account is suspended. Contact the administrator of this site to restore it.", nil)
	}
	return e.Next()
}
