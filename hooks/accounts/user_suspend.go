package accounts

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// onUserAuthRequest runs after a user's credentials were verified, before the token is returned
// (password, OTP, OAuth2, refresh and impersonation alike). A suspended account is refused with
// a message that says so: only someone who knows the credentials learns of the suspension. A
// deleted account's anonymous record is refused too (it has no usable credentials, but a
// superuser could still try to impersonate it).
func onUserAuthRequest(e *core.RecordAuthRequestEvent) error {
	u := schema.AsUser(e.Record)
	if u.IsSuspended() {
		return e.ForbiddenError("This account is suspended. Contact the administrator of this site to restore it.", nil)
	}
	if u.IsDeleted() {
		return e.ForbiddenError("This account was deleted.", nil)
	}
	return e.Next()
}
