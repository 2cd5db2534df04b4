package accounts

import (
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/routine"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// sessionCheckMiddlewareId names the session check among the router's middlewares.
const sessionCheckMiddlewareId = "folioSessionCheck"

// sessionCheckMiddleware runs right after PocketBase's token loader, on every route.
func (s *service) sessionCheckMiddleware() *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id:       sessionCheckMiddlewareId,
		Priority: apis.DefaultLoadAuthTokenMiddlewarePriority + 1,
		Func:     s.checkSession,
	}
}

// checkSession refuses (401) a users token whose session was revoked, has been idle too long
// or is past its absolute lifetime, from memory. A token carrying a session id that the loader
// did not accept (its signature broke when a password change rotated the user's key, or it
// expired) is refused the same way, so every ended session reads as 401 to the SDK. Tokens
// without a session id are left to PocketBase: only Go code mints them (every token the API
// hands out carries one), and superusers have no sessions.
func (s *service) checkSession(e *core.RequestEvent) error {
	token := requestToken(e.Request)
	if token == "" {
		return e.Next()
	}
	claims, ok := peekClaims(token)
	if !ok || claims.Session == "" || claims.Type != core.TokenTypeAuth {
		return e.Next()
	}
	if e.Auth == nil {
		return s.sessionEnded(e, sessionUnknown)
	}
	if e.Auth.Collection().Name != schema.CollectionUsers {
		return e.Next()
	}
	cfg := s.config()
	now := cfg.Now()
	v, touch, err := s.sessions.check(e.App, claims.Session, e.Auth.Id, now, cfg.IdleTimeout)
	if err != nil {
		return e.InternalServerError("", err)
	}
	if v != sessionLive {
		return s.sessionEnded(e, v)
	}
	e.Set(auditlog.SessionRequestKey, claims.Session)
	if touch {
		touchSession(e.App, claims.Session, now, cfg.IdleTimeout)
	}
	return e.Next()
}

// sessionEnded answers a request whose token's session is over: 401 with a code the frontend
// can read from err.response.data.session.code. Sign-in routes instead go on as a guest, so a
// stale token left in the SDK's store does not block signing in again.
func (s *service) sessionEnded(e *core.RequestEvent, v verdict) error {
	if isGuestAuthRoute(e.Request) {
		e.Auth = nil
		return e.Next()
	}
	return e.UnauthorizedError("Your session has ended (signed out, revoked or expired). Sign in again.",
		validation.Errors{"session": validation.NewError(v.code(), "This session is no longer valid.")})
}

// guestAuthActions are the auth-collection routes a signed-out client calls to sign in again.
var guestAuthActions = []string{"/auth-with-password", "/auth-with-otp", "/auth-with-oauth2",
	"/auth-methods", "/request-otp", "/request-password-reset", "/confirm-password-reset",
	"/request-verification", "/confirm-verification", "/confirm-email-change"}

func isGuestAuthRoute(r *http.Request) bool {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/api/collections/") {
		return false
	}
	for _, a := range guestAuthActions {
		if strings.HasSuffix(p, a) {
			return true
		}
	}
	return false
}

// touchSession writes last_active (and the idle expiry that follows from it) in the
// background, skipping record hooks: it is bookkeeping, not a change anyone subscribes to.
func touchSession(app core.App, sid string, now time.Time, idle time.Duration) {
	last, _ := types.ParseDateTime(now)
	idleUntil, _ := types.ParseDateTime(now.Add(idle))
	routine.FireAndForget(func() {
		_, err := app.NonconcurrentDB().Update(schema.CollectionSessions,
			dbx.Params{schema.SessionLastActive: last.String(), schema.SessionIdleExpires: idleUntil.String()},
			dbx.HashExp{"id": sid, schema.SessionRevokedAt: ""}).Execute()
		if err != nil {
			app.Logger().Warn("could not record session activity", "session", sid, "error", err)
		}
	})
}
