package accounts

import (
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// clientSessionKey is the realtime-client store key under which the session of the token that
// subscribed is kept, so revoking that session can find its connections.
const clientSessionKey = "folioSessionId"

// revokeSessions ends list (sessions of user) for reason in one transaction and records it as
// one audit event. The sessions model hooks then update the cache and cut realtime clients
// once the transaction commits.
func revokeSessions(app core.App, user string, list []*core.Record, reason string, actor auditlog.Actor, now time.Time) error {
	if len(list) == 0 {
		return nil
	}
	return app.RunInTransaction(func(txApp core.App) error {
		ids := make([]string, 0, len(list))
		for _, sess := range list {
			sess.Set(schema.SessionRevokedAt, now)
			sess.Set(schema.SessionRevokedReason, reason)
			if err := txApp.Save(sess); err != nil {
				return err
			}
			ids = append(ids, sess.Id)
		}
		ev := auditlog.Event{Action: schema.ActionSessionRevoked, Actor: actor, User: user,
			Data: map[string]any{"reason": reason, "sessions": ids}}
		if reason == schema.RevokedLogout {
			ev.Action = schema.ActionLogout
		}
		if len(ids) == 1 {
			ev.Target = schema.CollectionSessions + "/" + ids[0]
		}
		_, err := auditlog.Append(txApp, ev)
		return err
	})
}

// revokeUserSessions ends every live session of user except keep ("" keeps none) and returns
// how many it ended.
func revokeUserSessions(app core.App, user, keep, reason string, actor auditlog.Actor, now time.Time) (int, error) {
	live, err := findLiveSessions(app, user, now)
	if err != nil {
		return 0, err
	}
	list := live[:0]
	for _, sess := range live {
		if sess.Id != keep {
			list = append(list, sess)
		}
	}
	return len(list), revokeSessions(app, user, list, reason, actor, now)
}

// onSessionAfterSaveSuccess runs once a session's insert or update is committed: the cache
// takes the new state, and a revoked session's realtime connections are closed.
func (s *service) onSessionAfterSaveSuccess(e *core.RecordEvent) error {
	st := stateOf(e.Record)
	s.sessions.put(e.Record.Id, st)
	if st.revoked {
		cutRealtime(e.App, e.Record.Id)
	}
	return e.Next()
}

// onSessionAfterDeleteSuccess runs once a session row is gone (its user was deleted, or the
// cleanup job removed it): it can never pass the check again.
func (s *service) onSessionAfterDeleteSuccess(e *core.RecordEvent) error {
	s.sessions.put(e.Record.Id, sessionState{user: schema.AsSession(e.Record).User(), revoked: true})
	cutRealtime(e.App, e.Record.Id)
	return e.Next()
}

// cutRealtime strips the auth of every realtime client subscribed with session sid and closes
// its connection. The SDK reconnects as the token's holder and gets a 401 on resubscribing.
func cutRealtime(app core.App, sid string) {
	for _, client := range app.SubscriptionsBroker().Clients() {
		if s, _ := client.Get(clientSessionKey).(string); s == sid {
			client.Unset(apis.RealtimeClientAuthKey)
			client.Discard()
		}
	}
}

// onRealtimeSubscribeRequest runs when a client sets its subscriptions: it tags the client
// with the caller's session. The session is checked again after tagging, so a revocation that
// raced the subscription either sees the tag or is seen here.
func (s *service) onRealtimeSubscribeRequest(e *core.RealtimeSubscribeRequestEvent) error {
	sid, _ := e.Get(auditlog.SessionRequestKey).(string)
	e.Client.Set(clientSessionKey, sid)
	if sid != "" && e.Auth != nil {
		cfg := s.config()
		if v, _, err := s.sessions.check(e.App, sid, e.Auth.Id, cfg.Now(), cfg.IdleTimeout); err != nil || v != sessionLive {
			e.Client.Unset(apis.RealtimeClientAuthKey)
			return e.UnauthorizedError("Your session has ended. Sign in again.", err)
		}
	}
	return e.Next()
}
