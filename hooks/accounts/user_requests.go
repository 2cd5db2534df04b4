package accounts

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// The handlers below run for the API requests that save a user, and only name the caller for
// the model-level hooks (onUserSecurityUpdate), which see every save but no request.

// onUserUpdateRequest covers a user editing itself and a superuser editing it in the dashboard.
func onUserUpdateRequest(e *core.RecordRequestEvent) error {
	defer auditlog.WithActor(e.Record, auditlog.ActorFromRequest(e.RequestEvent))()
	return e.Next()
}

// onUserConfirmEmailChangeRequest covers the email-change link.
func onUserConfirmEmailChangeRequest(e *core.RecordConfirmEmailChangeRequestEvent) error {
	defer auditlog.WithActor(e.Record, auditlog.ActorFromRequest(e.RequestEvent))()
	return e.Next()
}

// onUserConfirmVerificationRequest covers the verification link.
func onUserConfirmVerificationRequest(e *core.RecordConfirmVerificationRequestEvent) error {
	defer auditlog.WithActor(e.Record, auditlog.ActorFromRequest(e.RequestEvent))()
	return e.Next()
}

// onUserConfirmPasswordResetRequest covers the reset link: the sessions end as a reset, and a
// successful reset lifts the sign-in throttle on the account, so a locked-out owner can get in.
func (s *service) onUserConfirmPasswordResetRequest(e *core.RecordConfirmPasswordResetRequestEvent) error {
	actor := auditlog.ActorFromRequest(e.RequestEvent)
	actor.Via = auditlog.ViaPasswordReset
	release := auditlog.WithActor(e.Record, actor)
	err := e.Next()
	release()
	if err == nil {
		s.throttle.Succeed(identityKey(e.Collection.Name, e.Record.Email()))
	}
	return err
}

// onUserCreateRequest records a sign-up (or a superuser creating an account) in the audit
// trail, in the same transaction as the insert.
func onUserCreateRequest(e *core.RecordRequestEvent) error {
	actor := auditlog.ActorFromRequest(e.RequestEvent)
	orig := e.App
	err := orig.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		if err := e.Next(); err != nil {
			return err
		}
		by := "self"
		if actor.IsSuperuser() {
			by = "superuser"
		}
		_, err := auditlog.Append(txApp, auditlog.Event{Action: schema.ActionAccountCreated, Actor: actor,
			User: e.Record.Id, Data: map[string]any{"by": by, "email": e.Record.Email()}})
		return err
	})
	e.App = orig
	return err
}
