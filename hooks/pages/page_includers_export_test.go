package pages

import "testing"

// SetMaxRerenderInTx sets, for the rest of t, how many including pages one change renders again
// in its own transaction.
func SetMaxRerenderInTx(t testing.TB, n int) {
	old := maxRerenderInTx
	maxRerenderInTx = n
	t.Cleanup(func() { maxRerenderInTx = old })
}
