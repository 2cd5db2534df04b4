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
	if err := refuseInactive(e.RequestEvent, e.Record); err != nil {
		return err
	}
	return e.Next()
}

// refuseInactive answers a sign-in of a suspended or deleted account.
func refuseInactive(e *core.RequestEvent, user *core.Record) error {
	u := schema.AsUser(user)
	if u.IsSuspended() {
		return e.ForbiddenError("This account is suspended. Contact the administrator of this site to restore it.", nil)
	}
	if u.IsDeleted() {
		return e.ForbiddenError("This account was deleted.", nil)
	}
	return nil
}

// refuseChangedAccount runs inside the transaction that saves a new session and reads the user
// again there. The account was read before the password check; a suspension or deletion that
// committed since then would otherwise leave a live session row behind (its token would never
// work — the key was rotated — but the row would count toward the session cap and show as an
// active device once the account is restored). Transactions are serialized, so a suspension
// either commits before this read and is seen here, or after the session is saved and revokes it.
func refuseChangedAccount(e *core.RecordAuthRequestEvent, txApp core.App) error {
	fresh, err := txApp.FindRecordById(e.Collection, e.Record.Id)
	if err != nil {
		return e.UnauthorizedError("This account no longer exists.", err)
	}
	if err := refuseInactive(e.RequestEvent, fresh); err != nil {
		return err
	}
	if fresh.TokenKey() != e.Record.TokenKey() {
		return e.UnauthorizedError("Your account changed while you were signing in. Sign in again.", nil)
	}
	return nil
}
