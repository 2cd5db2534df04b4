package accounts

import (
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// requestKeyRefresh marks an auth-refresh request, which OnRecordAuthRequest cannot otherwise
// tell from an impersonation (both have no auth method).
const requestKeyRefresh = "folioAuthRefresh"

// onUserAuthRefreshRequest runs when a user refreshes its token, after the session check
// passed; it only marks the request so the auth response keeps the session.
func onUserAuthRefreshRequest(e *core.RecordAuthRefreshRequestEvent) error {
	e.Set(requestKeyRefresh, true)
	return e.Next()
}

// onSessionAuthRequest runs for every successful users auth response (password, OTP, OAuth2,
// MFA completion, refresh, impersonation) and binds the token to a session: a refresh keeps
// the caller's session, anything else starts one.
func (s *service) onSessionAuthRequest(e *core.RecordAuthRequestEvent) error {
	if refresh, _ := e.Get(requestKeyRefresh).(bool); refresh {
		if sid, _ := e.Get(auditlog.SessionRequestKey).(string); sid != "" {
			return s.refreshSession(e, sid)
		}
	}
	return s.startSession(e)
}

// refreshSession re-mints the refreshed token with the same session id, expiring no later
// than the session's absolute end. A static (impersonation) token comes back unchanged.
func (s *service) refreshSession(e *core.RecordAuthRequestEvent, sid string) error {
	if c, _ := peekClaims(e.Token); c.Session == sid {
		return e.Next()
	}
	sess, err := e.App.FindRecordById(schema.CollectionSessions, sid)
	if err != nil {
		return e.UnauthorizedError("Your session has ended. Sign in again.", err)
	}
	exp := tokenExpiry(e.Record, s.now(), schema.AsSession(sess).Expires().Time())
	token, err := newSessionToken(e.Record, sid, exp, true)
	if err != nil {
		return e.InternalServerError("Failed to refresh the auth token.", err)
	}
	e.Token = token
	return e.Next()
}

// startSession mints the response's token with a new session id, lets the response be
// written, and saves the session in the same transaction, so the client can never hold a
// token whose session is not yet committed. When the response turns out to be a first MFA
// step (apis.ErrMFA) no session is saved: the half-finished login leaves nothing live.
func (s *service) startSession(e *core.RecordAuthRequestEvent) error {
	cfg := s.config()
	now := cfg.Now()
	dev := parseDevice(e.Request.UserAgent())
	sess, token, err := newSession(e, dev, now, cfg)
	if err != nil {
		return e.InternalServerError("Failed to start a session.", err)
	}
	e.Token = token

	var mfaStep error
	var firstOfDevice bool
	orig := e.App
	err = orig.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		if err := refuseChangedAccount(e, txApp); err != nil {
			return err
		}
		if err := e.Next(); err != nil {
			if errors.Is(err, apis.ErrMFA) {
				mfaStep = err
				return nil // keep the _mfas record PocketBase just saved
			}
			return err
		}
		firstOfDevice, err = s.saveSession(txApp, e, sess, dev, now, cfg)
		return err
	})
	e.App = orig
	if mfaStep != nil {
		return mfaStep
	}
	if err == nil && firstOfDevice {
		mailNewDevice(e.App, e.Record, dev, e.RealIP(), now)
	}
	return err
}

// newSession builds (does not save) the session for e and mints its token.
func newSession(e *core.RecordAuthRequestEvent, dev device, now time.Time, cfg Config) (*core.Record, string, error) {
	col, err := e.App.FindCachedCollectionByNameOrId(schema.CollectionSessions)
	if err != nil {
		return nil, "", err
	}
	method := sessionMethod(e)
	expires, refreshable := now.Add(cfg.AbsoluteLifetime), true
	tokenExp := tokenExpiry(e.Record, now, expires)
	if method == schema.SessionMethodImpersonation {
		// the superuser chose the static token's lifetime; the session lasts exactly as long
		c, _ := peekClaims(e.Token)
		expires, tokenExp, refreshable = time.Unix(c.Exp, 0), time.Unix(c.Exp, 0), false
	}
	sess := core.NewRecord(col)
	sess.Id = core.GenerateDefaultRandomId()
	sess.Set(schema.SessionUser, e.Record.Id)
	sess.Set(schema.SessionMethod, method)
	sess.Set(schema.SessionIP, e.RealIP())
	sess.Set(schema.SessionUserAgent, cut(e.Request.UserAgent(), maxParsedUserAgent))
	sess.Set(schema.SessionClient, dev.Client)
	sess.Set(schema.SessionOS, dev.OS)
	sess.Set(schema.SessionDevice, dev.Kind)
	sess.Set(schema.SessionLastActive, now)
	sess.Set(schema.SessionIdleExpires, now.Add(cfg.IdleTimeout))
	sess.Set(schema.SessionExpires, expires)
	token, err := newSessionToken(e.Record, sess.Id, tokenExp, refreshable)
	return sess, token, err
}

// tokenExpiry is the collection's usual token lifetime from now, cut at the session's end.
func tokenExpiry(user *core.Record, now, sessionEnd time.Time) time.Time {
	exp := now.Add(user.Collection().AuthToken.DurationTime())
	if exp.After(sessionEnd) {
		return sessionEnd
	}
	return exp
}

// sessionMethod names how e signed in: its auth method, "mfa" when it completes an MFA
// login, "impersonation" when a superuser asked for the token, "token" otherwise.
func sessionMethod(e *core.RecordAuthRequestEvent) string {
	if e.AuthMethod == "" {
		if e.HasSuperuserAuth() {
			return schema.SessionMethodImpersonation
		}
		return schema.SessionMethodToken
	}
	if e.Collection.MFA.Enabled && requestHasMFAId(e.RequestEvent) {
		return schema.SessionMethodMFA
	}
	if slices.Contains(schema.SessionMethods, e.AuthMethod) {
		return e.AuthMethod
	}
	return schema.SessionMethodToken
}

func requestHasMFAId(e *core.RequestEvent) bool {
	if e.Request.URL.Query().Get("mfaId") != "" {
		return true
	}
	info, err := e.RequestInfo()
	if err != nil {
		return false
	}
	id, _ := info.Body["mfaId"].(string)
	return id != ""
}

// saveSession evicts the user's oldest sessions beyond the limit, saves sess and records the
// sign-in. It reports whether this is the first sign-in from this device for a user who has
// signed in before (the "new device" mail).
func (s *service) saveSession(txApp core.App, e *core.RecordAuthRequestEvent, sess *core.Record, dev device, now time.Time, cfg Config) (bool, error) {
	user := e.Record
	known, seenBefore, err := knownDevice(txApp, user.Id, dev)
	if err != nil {
		return false, err
	}
	actor := auditlog.ActorFromRequest(e.RequestEvent)
	if sess.GetString(schema.SessionMethod) != schema.SessionMethodImpersonation {
		actor.Id, actor.Collection = user.Id, user.Collection().Name
	}
	live, err := findLiveSessions(txApp, user.Id, now)
	if err != nil {
		return false, err
	}
	if excess := len(live) - (cfg.MaxSessions - 1); excess > 0 {
		if err := revokeSessions(txApp, user.Id, live[:excess], schema.RevokedEvicted, actor, now); err != nil {
			return false, err
		}
	}
	if err := txApp.Save(sess); err != nil {
		return false, err
	}
	actor.Session = sess.Id
	_, err = auditlog.Append(txApp, auditlog.Event{
		Action: schema.ActionSignIn, Actor: actor, User: user.Id, Target: schema.CollectionSessions + "/" + sess.Id,
		Data: map[string]any{"method": sess.GetString(schema.SessionMethod), "client": dev.Client, "os": dev.OS, "device": dev.Kind},
	})
	return seenBefore && !known, err
}

// knownDevice reports whether user has had a session from dev, and whether it has had any;
// both are index probes that stop at the first row, however long the user's history.
func knownDevice(app core.App, user string, dev device) (known, any bool, err error) {
	probe := func(where dbx.HashExp) (bool, error) {
		var one int
		err := app.DB().Select("(1)").From(schema.CollectionSessions).Where(where).Limit(1).Row(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		return err == nil, err
	}
	if any, err = probe(dbx.HashExp{schema.SessionUser: user}); err != nil || !any {
		return false, any, err
	}
	known, err = probe(dbx.HashExp{schema.SessionUser: user, schema.SessionClient: dev.Client,
		schema.SessionOS: dev.OS, schema.SessionDevice: dev.Kind})
	return known, true, err
}

// findLiveSessions lists user's sessions that are neither revoked nor past their absolute
// end, oldest first. The literal revoked_at = ” lets SQLite use the partial index of live
// sessions, so revoked history does not slow sign-ins down.
func findLiveSessions(app core.App, user string, now time.Time) ([]*core.Record, error) {
	at, err := types.ParseDateTime(now)
	if err != nil {
		return nil, err
	}
	var list []*core.Record
	err = app.RecordQuery(schema.CollectionSessions).
		AndWhere(dbx.HashExp{schema.SessionUser: user}).
		AndWhere(dbx.NewExp("[["+schema.SessionRevokedAt+"]] = ''")).
		AndWhere(dbx.NewExp("[["+schema.SessionExpires+"]] > {:now}", dbx.Params{"now": at.String()})).
		OrderBy(schema.SessionCreated, "id").
		All(&list)
	return list, err
}
