package throttle_test

import (
	"testing"
	"time"

	"folio/hooks/internal/throttle"
)

// The default schedule: the fifth failure within the window locks for a minute, each further
// lockout doubles up to the maximum, failures outside the window do not count, and a success
// forgets the streak.
func TestSchedule(t *testing.T) {
	s := throttle.Schedule{}.WithDefaults()
	if s != (throttle.Schedule{Failures: 5, Window: 15 * time.Minute, Base: time.Minute, Max: time.Hour}) {
		t.Fatalf("defaults: %+v", s)
	}
	th := throttle.New()
	now := time.Unix(1_900_000_000, 0)
	failTimes := func(n int) time.Duration {
		var lock time.Duration
		for range n {
			lock = th.Fail("k", now, s)
		}
		return lock
	}
	if lock := failTimes(4); lock != 0 || th.RetryAfter("k", now) != 0 {
		t.Fatalf("four failures locked for %v", lock)
	}
	if lock := failTimes(1); lock != time.Minute || th.RetryAfter("k", now.Add(30*time.Second)) != 30*time.Second {
		t.Fatalf("fifth failure: lock %v, retry after %v", lock, th.RetryAfter("k", now.Add(30*time.Second)))
	}
	if th.RetryAfter("other", now) != 0 {
		t.Fatal("another key is locked")
	}
	want := []time.Duration{2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		now = now.Add(time.Hour + time.Minute)
		if lock := failTimes(5); lock != w {
			t.Fatalf("lockout %d: %v, want %v", i+2, lock, w)
		}
	}

	// failures further apart than the window never add up
	th.Succeed("k")
	for range 10 {
		now = now.Add(16 * time.Minute)
		if lock := th.Fail("k", now, s); lock != 0 {
			t.Fatalf("spread failures locked for %v", lock)
		}
	}
	// a success forgets the streak: the next lockout is the first again
	th.Succeed("k")
	if lock := failTimes(5); lock != time.Minute {
		t.Fatalf("after a success: lock %v, want 1m", lock)
	}
}
