package accounts

import (
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// touchInterval is how stale last_active may get: a live session is written back at most
// once per interval, not on every request.
const touchInterval = time.Minute

// maxCachedSessions bounds the cache; past it, ended sessions are dropped first, then any
// (a dropped live session is simply read again on its next request).
const maxCachedSessions = 200_000

// sessionState is what the per-request check needs to know about one session.
type sessionState struct {
	user       string
	lastActive time.Time
	expires    time.Time
	revoked    bool
}

// verdict is the outcome of a session check.
type verdict int

const (
	sessionLive verdict = iota
	sessionRevoked
	sessionExpired
	sessionIdle
	sessionUnknown // no such session, or it belongs to someone else
)

// code is the error code the API reports for a session that is not live.
func (v verdict) code() string {
	switch v {
	case sessionRevoked:
		return "session_revoked"
	case sessionExpired:
		return "session_expired"
	case sessionIdle:
		return "session_idle"
	default:
		return "session_invalid"
	}
}

// sessionCache answers "is this session live?" from memory. It is filled lazily from the
// database on a miss and kept current by the sessions model hooks (which put the state a
// save or delete committed), so the per-request check reads no row.
type sessionCache struct {
	mu sync.RWMutex
	m  map[string]*sessionState
}

func newSessionCache() *sessionCache {
	return &sessionCache{m: map[string]*sessionState{}}
}

// check judges session sid for a request of user at now; touch is true for exactly one caller
// per touchInterval, which should then write last_active back.
func (c *sessionCache) check(app core.App, sid, user string, now time.Time, idle time.Duration) (v verdict, touch bool, err error) {
	c.mu.RLock()
	st, ok := c.m[sid]
	var snap sessionState
	if ok {
		snap = *st
	}
	c.mu.RUnlock()
	if !ok {
		loaded, err := loadSessionState(app, sid)
		if err != nil {
			return sessionUnknown, false, err
		}
		snap = c.putIfAbsent(sid, loaded)
	}
	v = judge(snap, user, now, idle)
	if v != sessionLive || now.Sub(snap.lastActive) < touchInterval {
		return v, false, nil
	}
	return v, c.claimTouch(sid, now), nil
}

// judge is the verdict on one session state.
func judge(st sessionState, user string, now time.Time, idle time.Duration) verdict {
	switch {
	case st.user == "" || st.user != user:
		return sessionUnknown
	case st.revoked:
		return sessionRevoked
	case !now.Before(st.expires):
		return sessionExpired
	case !now.Before(st.lastActive.Add(idle)):
		return sessionIdle
	}
	return sessionLive
}

// claimTouch moves the cached last_active to now unless another request already did.
func (c *sessionCache) claimTouch(sid string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.m[sid]
	if !ok || now.Sub(st.lastActive) < touchInterval {
		return false
	}
	st.lastActive = now
	return true
}

// putIfAbsent caches st unless a newer state arrived meanwhile (a save hook always wins over
// a load that started before it), and returns the state in effect.
func (c *sessionCache) putIfAbsent(sid string, st sessionState) sessionState {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cur, ok := c.m[sid]; ok {
		return *cur
	}
	c.makeRoom()
	c.m[sid] = &st
	return st
}

// put records the committed state of a session; a cached last_active newer than the stored
// one (written back lazily) is kept.
func (c *sessionCache) put(sid string, st sessionState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cur, ok := c.m[sid]; ok && cur.lastActive.After(st.lastActive) {
		st.lastActive = cur.lastActive
	}
	if _, ok := c.m[sid]; !ok {
		c.makeRoom()
	}
	c.m[sid] = &st
}

// forget drops sid, so the next check reads it from the database.
func (c *sessionCache) forget(sid string) {
	c.mu.Lock()
	delete(c.m, sid)
	c.mu.Unlock()
}

// makeRoom keeps the map under maxCachedSessions; the caller holds the lock.
func (c *sessionCache) makeRoom() {
	if len(c.m) < maxCachedSessions {
		return
	}
	now := time.Now()
	for sid, st := range c.m {
		if st.revoked || now.After(st.expires) {
			delete(c.m, sid)
		}
	}
	for sid := range c.m { // map order is random: this drops an arbitrary half
		if len(c.m) < maxCachedSessions/2 {
			break
		}
		delete(c.m, sid)
	}
}

// stateOf is the cacheable state of a sessions record.
func stateOf(r *core.Record) sessionState {
	s := schema.AsSession(r)
	return sessionState{user: s.User(), lastActive: s.LastActive().Time(), expires: s.Expires().Time(), revoked: s.IsRevoked()}
}

// loadSessionState reads one session's state; an unknown id yields a state that never passes.
func loadSessionState(app core.App, sid string) (sessionState, error) {
	var row struct {
		User       string `db:"user"`
		LastActive string `db:"last_active"`
		Expires    string `db:"expires"`
		RevokedAt  string `db:"revoked_at"`
	}
	err := app.DB().Select(schema.SessionUser, schema.SessionLastActive, schema.SessionExpires, schema.SessionRevokedAt).
		From(schema.CollectionSessions).Where(dbx.HashExp{"id": sid}).Limit(1).One(&row)
	if errors.Is(err, sql.ErrNoRows) {
		return sessionState{revoked: true}, nil
	}
	if err != nil {
		return sessionState{}, err
	}
	last, _ := types.ParseDateTime(row.LastActive)
	exp, _ := types.ParseDateTime(row.Expires)
	return sessionState{user: row.User, lastActive: last.Time(), expires: exp.Time(), revoked: row.RevokedAt != ""}, nil
}
