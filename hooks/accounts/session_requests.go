package accounts

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// onSessionCreateRequest refuses creating a session through the records API, to superusers
// too (users never get past the nil create rule): sessions start only by signing in.
func onSessionCreateRequest(e *core.RecordRequestEvent) error {
	return e.ForbiddenError("Sessions are created by signing in, not through the records API.", nil)
}

// onSessionUpdateRequest refuses updating a session through the records API, to superusers
// too: nobody can extend or un-revoke a session.
func onSessionUpdateRequest(e *core.RecordRequestEvent) error {
	return e.ForbiddenError("Sessions cannot be changed through the records API; delete one to revoke it.", nil)
}

// onSessionDeleteRequest runs after the delete rule passed (the owner, or a superuser) and
// revokes the session instead of deleting the row, so the device list keeps saying why it
// ended. The owner revoking its current session is a logout; a superuser's revoke mails the
// user. Answers 204 like a delete.
func (s *service) onSessionDeleteRequest(e *core.RecordRequestEvent) error {
	sess := schema.AsSession(e.Record)
	if sess.IsRevoked() {
		return e.NoContent(http.StatusNoContent)
	}
	actor := auditlog.ActorFromRequest(e.RequestEvent)
	reason := schema.RevokedByUser
	switch {
	case actor.IsSuperuser():
		reason = schema.RevokedByAdmin
	case actor.Session == e.Record.Id:
		reason = schema.RevokedLogout
	}
	now := s.now()
	if err := revokeSessions(e.App, sess.User(), []*core.Record{e.Record}, reason, actor, now); err != nil {
		return e.InternalServerError("Failed to revoke the session.", err)
	}
	if reason == schema.RevokedByAdmin {
		mailAdminRevoked(e.App, sess.User(), 1, now)
	}
	return e.NoContent(http.StatusNoContent)
}

// onSessionEnrich marks, for the user reading its sessions, which one the request came from
// ("current") and which are still usable ("active"): the "your devices" list needs both.
func (s *service) onSessionEnrich(e *core.RecordEnrichEvent) error {
	current := false
	if e.RequestInfo != nil {
		if c, ok := peekClaims(bearerless(e.RequestInfo.Headers["authorization"])); ok {
			current = c.Session == e.Record.Id
		}
	}
	cfg := s.config()
	e.Record.WithCustomData(true)
	e.Record.Set("current", current)
	e.Record.Set("active", judge(stateOf(e.Record), schema.AsSession(e.Record).User(), cfg.Now(), cfg.IdleTimeout) == sessionLive)
	return e.Next()
}

func bearerless(header string) string {
	if len(header) > 7 && (header[:7] == "Bearer " || header[:7] == "bearer ") {
		return header[7:]
	}
	return header
}
