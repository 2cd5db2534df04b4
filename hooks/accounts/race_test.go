package accounts_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"folio/hooks/accounts"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// Two owners of one space delete their accounts at the same moment, again and again: the space
// must keep an owner every time, and exactly one of the two is refused as its last owner.
func TestDeleteAccountRaceKeepsAnOwner(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	const trials = 12
	orphaned := 0
	for i := range trials {
		a := fmt.Sprintf("ann%d@example.com", i)
		b := fmt.Sprintf("bob%d@example.com", i)
		testapp.CreateUser(t, e.app, a, "Ann")
		bob := testapp.CreateUser(t, e.app, b, "Bob")
		ta := e.signIn(t, a, testapp.TestPassword, firefoxLinux)
		tb := e.signIn(t, b, testapp.TestPassword, firefoxLinux)
		space := e.spaceOf(t, ta, fmt.Sprintf("shared-%d", i))
		testapp.CreateRecord(t, e.app, schema.CollectionMemberships, map[string]any{"space": space, "user": bob.Id, "role": schema.RoleOwner})

		statuses := make([]int, 2)
		var wg sync.WaitGroup
		for j, tok := range []string{ta, tb} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[j] = e.call(t, "POST", "/api/folio/account/delete", tok, map[string]string{"password": testapp.TestPassword}).Status
			}()
		}
		wg.Wait()

		owners, err := e.app.CountRecords(schema.CollectionMemberships, dbx.HashExp{schema.MembershipSpace: space, schema.MembershipRole: schema.RoleOwner})
		if err != nil {
			t.Fatal(err)
		}
		if owners == 0 {
			orphaned++
		}
		deleted, refused := 0, 0
		for _, s := range statuses {
			switch s {
			case 204:
				deleted++
			case 409:
				refused++
			}
		}
		if owners != 1 || deleted != 1 || refused != 1 {
			t.Errorf("trial %d: answers %v and %d owner(s) left, want one 204, one 409 and 1 owner", i, statuses, owners)
		}
	}
	if orphaned > 0 {
		t.Errorf("%d of %d spaces were left without an owner", orphaned, trials)
	}
}

// Sign-ins race a suspension, again and again: however they interleave, no session row of the
// suspended user may be left live (it would count toward the session cap and show as an active
// device once the account is restored).
func TestSignInRacingSuspensionLeavesNoLiveSession(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	const trials = 40
	live := 0
	for i := range trials {
		email := fmt.Sprintf("sue%d@example.com", i)
		u := testapp.CreateUser(t, e.app, email, "Sue")
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			e.call(t, "POST", "/api/collections/users/auth-with-password", "",
				map[string]string{"identity": email, "password": testapp.TestPassword}, "User-Agent", firefoxLinux)
		}()
		go func() {
			defer wg.Done()
			// spread the suspension over the sign-in's password check and session write
			time.Sleep(time.Duration(i%8) * 8 * time.Millisecond)
			fresh, err := e.app.FindRecordById(schema.CollectionUsers, u.Id)
			if err != nil {
				t.Error(err)
				return
			}
			fresh.Set(schema.UserStatus, schema.StatusSuspended)
			if err := e.app.Save(fresh); err != nil {
				t.Error(err)
			}
		}()
		wg.Wait()
		n, err := e.app.CountRecords(schema.CollectionSessions, dbx.HashExp{schema.SessionUser: u.Id, schema.SessionRevokedAt: ""})
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			live++
		}
	}
	if live > 0 {
		t.Errorf("%d of %d suspended users were left with a live session row", live, trials)
	}
}
