package accounts

import (
	"strings"
	"sync"
	"time"
)

// throttle counts failed sign-ins per identity in memory (one Folio process serves the API, as
// PocketBase's own rate limiter assumes). The rule, with Config's defaults: ThrottleFailures (5)
// failures within ThrottleWindow (15 minutes) lock the identity for ThrottleBase (1 minute);
// the counted failures then start over, and each further lockout doubles (2, 4, 8 … minutes)
// up to ThrottleMax (60 minutes). A success, or a day without failures, forgets the identity.
// Identities are counted whether or not an account has them, so the responses are the same.
type throttle struct {
	mu sync.Mutex
	m  map[string]*throttleState
}

type throttleState struct {
	failures    []time.Time // within the window, oldest first
	lockouts    int         // served in the current streak
	lockedUntil time.Time
	last        time.Time // last failure
}

// maxThrottled bounds the map; past it, identities that are not locked are forgotten first.
const maxThrottled = 100_000

// forgetAfter is how long a streak of lockouts is remembered without a new failure.
const forgetAfter = 24 * time.Hour

func newThrottle() *throttle { return &throttle{m: map[string]*throttleState{}} }

// identityKey is the throttle key of a sign-in identity of an auth collection.
func identityKey(collection, identity string) string {
	return collection + ":" + strings.ToLower(strings.TrimSpace(identity))
}

// retryAfter is how long key stays locked from now (0 when it may try).
func (t *throttle) retryAfter(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	st, ok := t.m[key]
	if !ok || !now.Before(st.lockedUntil) {
		return 0
	}
	return st.lockedUntil.Sub(now)
}

// fail counts a failure of key at now and returns the lockout it starts (0 for none).
func (t *throttle) fail(key string, now time.Time, cfg Config) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	st, ok := t.m[key]
	if !ok || now.Sub(st.last) > forgetAfter {
		t.makeRoom(now)
		st = &throttleState{}
		t.m[key] = st
	}
	st.last = now
	kept := st.failures[:0]
	for _, f := range st.failures {
		if now.Sub(f) < cfg.ThrottleWindow {
			kept = append(kept, f)
		}
	}
	st.failures = append(kept, now)
	if len(st.failures) < cfg.ThrottleFailures {
		return 0
	}
	lock := cfg.ThrottleBase << min(st.lockouts, 20)
	if lock > cfg.ThrottleMax || lock <= 0 {
		lock = cfg.ThrottleMax
	}
	st.lockouts++
	st.failures = st.failures[:0]
	st.lockedUntil = now.Add(lock)
	return lock
}

// succeed forgets key: a successful sign-in (or password reset) ends the streak.
func (t *throttle) succeed(key string) {
	t.mu.Lock()
	delete(t.m, key)
	t.mu.Unlock()
}

// makeRoom keeps the map under maxThrottled; the caller holds the lock. Stale identities go
// first, then unlocked ones; live lockouts are only dropped when nothing else is left.
func (t *throttle) makeRoom(now time.Time) {
	if len(t.m) < maxThrottled {
		return
	}
	for k, st := range t.m {
		if now.Sub(st.last) > forgetAfter || !now.Before(st.lockedUntil) {
			delete(t.m, k)
		}
	}
	for k := range t.m {
		if len(t.m) < maxThrottled {
			break
		}
		delete(t.m, k)
	}
}
