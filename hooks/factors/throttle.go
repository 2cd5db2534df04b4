package factors

import (
	"sync"
	"time"
)

// throttle counts wrong second-step codes per account in memory, on the password schedule
// (see Config): ThrottleFailures failures within ThrottleWindow lock the account's second step
// for ThrottleBase, doubling with each further lockout up to ThrottleMax; a success forgets.
type throttle struct {
	mu sync.Mutex
	m  map[string]*throttleState
}

type throttleState struct {
	failures    []time.Time
	lockouts    int
	lockedUntil time.Time
	last        time.Time
}

// maxThrottled bounds the map; past it, accounts that are not locked are forgotten first.
const maxThrottled = 100_000

func newThrottle() *throttle { return &throttle{m: map[string]*throttleState{}} }

// retryAfter is how long key stays locked from now (0 when it may try).
func (t *throttle) retryAfter(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st, ok := t.m[key]; ok && now.Before(st.lockedUntil) {
		return st.lockedUntil.Sub(now)
	}
	return 0
}

// fail counts a failure of key at now and returns the lockout it starts (0 for none).
func (t *throttle) fail(key string, now time.Time, cfg Config) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	st, ok := t.m[key]
	if !ok || now.Sub(st.last) > 24*time.Hour {
		if len(t.m) >= maxThrottled {
			for k, old := range t.m {
				if !now.Before(old.lockedUntil) {
					delete(t.m, k)
				}
			}
		}
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

// succeed forgets key.
func (t *throttle) succeed(key string) {
	t.mu.Lock()
	delete(t.m, key)
	t.mu.Unlock()
}
