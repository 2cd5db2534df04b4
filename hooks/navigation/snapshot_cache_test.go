package navigation

import "testing"

// TestSnapshotsStayWithinTheirRowBudget: past maxSnapshotRows the least recently read spaces
// go, never the one just built, and a space larger than the budget alone is kept by itself.
func TestSnapshotsStayWithinTheirRowBudget(t *testing.T) {
	c := &snapshots{slots: map[string]*snapshotSlot{}}
	third := maxSnapshotRows / 3
	for _, id := range []string{"a", "b", "c"} {
		c.kept(id, c.slot(id), third)
	}
	c.slot("a") // read again: b is now the least recently read
	c.kept("d", c.slot("d"), third)
	if _, ok := c.slots["b"]; ok || len(c.slots) != 3 {
		t.Fatalf("after d: %v, want a, c and d", keys(c))
	}
	c.kept("huge", c.slot("huge"), maxSnapshotRows+1)
	if _, ok := c.slots["huge"]; !ok || len(c.slots) != 1 {
		t.Fatalf("after a space over the budget: %v, want it alone", keys(c))
	}
}

func keys(c *snapshots) []string {
	var out []string
	for k := range c.slots {
		out = append(out, k)
	}
	return out
}
