package spaces_test

import (
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// The last-owner rule holds for every path that removes or demotes a membership, not only the
// records API: Go code, a user deleted with its memberships cascading, and deletes racing each
// other. A space being deleted still takes all its memberships with it.
func TestLastOwnerGuardedAtTheModel(t *testing.T) {
	tm := newTeam(t)
	owners := func() int {
		return count(t, tm.app, schema.CollectionMemberships, "space = {:s} && role = 'owner'", map[string]any{"s": tm.space.Id})
	}

	if err := tm.app.Delete(tm.mOwner); err == nil || err.Error() != lastOwner {
		t.Errorf("deleting the last owner's membership in Go: %v", err)
	}
	tm.mOwner.Set(schema.MembershipRole, schema.RoleAdmin)
	if err := tm.app.Save(tm.mOwner); err == nil || err.Error() != lastOwner {
		t.Errorf("demoting the last owner in Go: %v", err)
	}
	if err := tm.app.Delete(tm.owner); err == nil {
		t.Error("deleting the user who is the space's last owner succeeded")
	}
	if _, err := tm.app.FindRecordById(schema.CollectionUsers, tm.owner.Id); err != nil || owners() != 1 {
		t.Fatalf("a refused user delete changed something: %v, %d owners", err, owners())
	}

	// with a second owner, deleting the first user cascades to its membership
	addMembership(t, tm.app, tm.space, tm.outside, schema.RoleOwner)
	if err := tm.app.Delete(tm.owner); err != nil {
		t.Fatalf("deleting a user who is not the last owner: %v", err)
	}
	if owners() != 1 {
		t.Fatalf("%d owners after the cascade, want 1", owners())
	}

	// the space itself goes with every membership
	if err := tm.app.Delete(tm.space); err != nil {
		t.Fatalf("deleting the space: %v", err)
	}
	if n := count(t, tm.app, schema.CollectionMemberships, "space = {:s}", map[string]any{"s": tm.space.Id}); n != 0 {
		t.Errorf("%d memberships left after the space was deleted", n)
	}
}

// Two owners' memberships deleted at the same moment through Go, again and again: one delete
// wins, the other is refused, and the space keeps an owner.
func TestConcurrentOwnerDeletesKeepAnOwner(t *testing.T) {
	app := testapp.New(t)
	users := []*core.Record{testapp.CreateUser(t, app, "o1@folio.test", "One"), testapp.CreateUser(t, app, "o2@folio.test", "Two")}
	for round := range 20 {
		space := newSpace(t, app, nil, "race"+string(rune('a'+round)), schema.VisibilityPrivate)
		var ms [2]string
		for i, u := range users {
			ms[i] = addMembership(t, app, space, u, schema.RoleOwner).Id
		}
		var wg sync.WaitGroup
		for _, id := range ms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if m, err := app.FindRecordById(schema.CollectionMemberships, id); err == nil {
					_ = app.Delete(m)
				}
			}()
		}
		wg.Wait()
		if n := count(t, app, schema.CollectionMemberships, "space = {:s} && role = 'owner'", map[string]any{"s": space.Id}); n != 1 {
			t.Fatalf("round %d: %d owners left, want 1", round, n)
		}
	}
}

const lastOwner = "A space needs at least one owner: make someone else owner first."
