package accounts

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// sessionOf is the caller's session id, or a 400 for a token that has none (minted by Go code
// rather than by signing in).
func sessionOf(e *core.RequestEvent) (string, error) {
	sid, _ := e.Get(auditlog.SessionRequestKey).(string)
	if sid == "" {
		return "", e.BadRequestError("This token is not bound to a session; discard it to sign out.", nil)
	}
	return sid, nil
}

// logout ends the caller's own session (POST /api/folio/sessions/logout).
func (s *service) logout(e *core.RequestEvent) error {
	sid, err := sessionOf(e)
	if err != nil {
		return err
	}
	sess, err := e.App.FindRecordById(schema.CollectionSessions, sid)
	if err != nil {
		return e.NotFoundError("", err)
	}
	err = revokeSessions(e.App, e.Auth.Id, []*core.Record{sess}, schema.RevokedLogout, auditlog.ActorFromRequest(e), s.now())
	if err != nil {
		return e.InternalServerError("Failed to sign out.", err)
	}
	return e.NoContent(http.StatusNoContent)
}

// revokeOthers ends every session of the caller except its own
// (POST /api/folio/sessions/revoke-others) and answers {"revoked": n}.
func (s *service) revokeOthers(e *core.RequestEvent) error {
	sid, err := sessionOf(e)
	if err != nil {
		return err
	}
	n, err := revokeUserSessions(e.App, e.Auth.Id, sid, schema.RevokedSignOutOthers, auditlog.ActorFromRequest(e), s.now())
	if err != nil {
		return e.InternalServerError("Failed to sign out the other sessions.", err)
	}
	return e.JSON(http.StatusOK, map[string]int{"revoked": n})
}

// revokeAll ends every session of the caller, its own included
// (POST /api/folio/sessions/revoke-all), and rotates the user's token key so that tokens
// minted outside any session end too. Answers {"revoked": n}.
func (s *service) revokeAll(e *core.RequestEvent) error {
	actor := auditlog.ActorFromRequest(e)
	var n int
	err := e.App.RunInTransaction(func(txApp core.App) error {
		user, err := txApp.FindRecordById(schema.CollectionUsers, e.Auth.Id)
		if err != nil {
			return err
		}
		if n, err = revokeUserSessions(txApp, user.Id, "", schema.RevokedSignOutAll, actor, s.now()); err != nil {
			return err
		}
		user.RefreshTokenKey()
		return txApp.Save(user)
	})
	if err != nil {
		return e.InternalServerError("Failed to sign out everywhere.", err)
	}
	return e.JSON(http.StatusOK, map[string]int{"revoked": n})
}
