package navigation

import "testing"

// UseRecordSaves makes moves save each page through the record save (every concern's save
// hooks per page) for the rest of t, the reference the bulk move is compared with.
func UseRecordSaves(t testing.TB) {
	applyPlan = applyEach
	t.Cleanup(func() { applyPlan = applyBulk })
}
