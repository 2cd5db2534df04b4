package pages

import "testing"

// SetMaxRerenderInTx sets, for the rest of t, how many including pages one change renders again
// in its own transaction.
func SetMaxRerenderInTx(t testing.TB, n int) {
	old := maxRerenderInTx
	maxRerenderInTx = n
	t.Cleanup(func() { maxRerenderInTx = old })
}

// HoldBackgroundRerender holds the re-rendering left for after a commit until the returned
// function is called (by t's end at the latest).
func HoldBackgroundRerender(t testing.TB) (release func()) {
	gate := make(chan struct{})
	laterStarts = func() { <-gate }
	done := false
	release = func() {
		if !done {
			done = true
			close(gate)
		}
	}
	t.Cleanup(func() {
		release()
		laterStarts = func() {}
	})
	return release
}
