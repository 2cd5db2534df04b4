package factors

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// recoveryCodeUsed audits a sign-in with a recovery code and mails the owner how many remain.
func (s *service) recoveryCodeUsed(e *core.RequestEvent, user *core.Record, remaining int, now time.Time) {
	appendOrLog(e.App, auditlog.Event{Action: schema.ActionRecoveryUsed, Actor: actorFor(e, user), User: user.Id,
		Data: map[string]any{"remaining": remaining}})
	mailRecoveryUsed(e.App, user, remaining, e.RealIP(), now)
}
