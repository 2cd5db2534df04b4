// Package throttle counts failed attempts per key in memory and locks a key out on a doubling
// schedule. It is the one schedule behind Folio's password sign-in (hooks/accounts) and its
// second step (hooks/factors). One Folio process serves the API, as PocketBase's own rate
// limiter assumes.
package throttle

import (
	"sync"
	"time"
)

// Schedule is the rule: Failures failures within Window lock the key for Base; the counted
// failures then start over, and each further lockout doubles (2, 4, 8 … × Base) up to Max. A
// success, or a day without failures, forgets the key.
type Schedule struct {
	Failures int
	Window   time.Duration
	Base     time.Duration
	Max      time.Duration
}

// WithDefaults fills the zero fields of s with Folio's defaults: 5 failures within 15 minutes
// lock for 1 minute, up to 60 minutes.
func (s Schedule) WithDefaults() Schedule {
	if s.Failures <= 0 {
		s.Failures = 5
	}
	if s.Window <= 0 {
		s.Window = 15 * time.Minute
	}
	if s.Base <= 0 {
		s.Base = time.Minute
	}
	if s.Max <= 0 {
		s.Max = 60 * time.Minute
	}
	return s
}

// Throttle holds the failures and lockouts of every key. The zero value is not usable; call New.
type Throttle struct {
	mu sync.Mutex
	m  map[string]*state
}

type state struct {
	failures    []time.Time // within the window, oldest first
	lockouts    int         // served in the current streak
	lockedUntil time.Time
	last        time.Time // last failure
}

// maxKeys bounds the map; past it, keys that are not locked are forgotten first.
const maxKeys = 100_000

// forgetAfter is how long a streak of lockouts is remembered without a new failure.
const forgetAfter = 24 * time.Hour

// New returns an empty throttle.
func New() *Throttle { return &Throttle{m: map[string]*state{}} }

// RetryAfter is how long key stays locked from now (0 when it may try).
func (t *Throttle) RetryAfter(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	st, ok := t.m[key]
	if !ok || !now.Before(st.lockedUntil) {
		return 0
	}
	return st.lockedUntil.Sub(now)
}

// Fail counts a failure of key at now under s and returns the lockout it starts (0 for none).
func (t *Throttle) Fail(key string, now time.Time, s Schedule) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	st, ok := t.m[key]
	if !ok || now.Sub(st.last) > forgetAfter {
		t.makeRoom(now)
		st = &state{}
		t.m[key] = st
	}
	st.last = now
	kept := st.failures[:0]
	for _, f := range st.failures {
		if now.Sub(f) < s.Window {
			kept = append(kept, f)
		}
	}
	st.failures = append(kept, now)
	if len(st.failures) < s.Failures {
		return 0
	}
	lock := s.Base << min(st.lockouts, 20)
	if lock > s.Max || lock <= 0 {
		lock = s.Max
	}
	st.lockouts++
	st.failures = st.failures[:0]
	st.lockedUntil = now.Add(lock)
	return lock
}

// Succeed forgets key: a success ends the streak.
func (t *Throttle) Succeed(key string) {
	t.mu.Lock()
	delete(t.m, key)
	t.mu.Unlock()
}

// makeRoom keeps the map under maxKeys; the caller holds the lock. Stale keys go first, then
// unlocked ones; live lockouts are only dropped when nothing else is left.
func (t *Throttle) makeRoom(now time.Time) {
	if len(t.m) < maxKeys {
		return
	}
	for k, st := range t.m {
		if now.Sub(st.last) > forgetAfter || !now.Before(st.lockedUntil) {
			delete(t.m, k)
		}
	}
	for k := range t.m {
		if len(t.m) < maxKeys {
			break
		}
		delete(t.m, k)
	}
}
