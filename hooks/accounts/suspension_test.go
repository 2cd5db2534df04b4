package accounts_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"folio/hooks/accounts"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

func TestSuspensionEndsSessionsAndRefusesSignIn(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	a := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	b := e.signIn(t, "ann@example.com", testapp.TestPassword, safariIPhone)
	rt := openRealtime(t, e)
	if res := e.call(t, "POST", "/api/realtime", b, map[string]any{"clientId": rt.clientId, "subscriptions": []string{"users/" + u.Id}}); res.Status != 204 {
		t.Fatalf("subscribe: %d %s", res.Status, res.Raw)
	}
	su := superuserToken(t, e)

	if res := e.call(t, "PATCH", "/api/collections/users/records/"+u.Id, su, map[string]string{"status": "suspended"}); res.Status != 200 {
		t.Fatalf("suspend: %d %s", res.Status, res.Raw)
	}
	for _, tok := range []string{a, b} {
		if res := e.call(t, "GET", "/api/collections/users/records/"+u.Id, tok, nil); res.Status != 401 {
			t.Errorf("a session after suspension: %d, want 401", res.Status)
		}
		if s := sessionRecord(t, e, sid(t, tok)); s.RevokedReason() != schema.RevokedSuspended {
			t.Errorf("reason = %q, want suspended", s.RevokedReason())
		}
	}
	for {
		_, open, timedOut := rt.next(5 * time.Second)
		if timedOut {
			t.Fatal("realtime connection still open after suspension")
		}
		if !open {
			break
		}
	}
	res := e.call(t, "POST", "/api/collections/users/auth-with-password", "",
		map[string]string{"identity": "ann@example.com", "password": testapp.TestPassword})
	if msg, _ := res.Body["message"].(string); res.Status != 403 || !strings.Contains(msg, "suspended") {
		t.Fatalf("sign-in while suspended: %d %s", res.Status, res.Raw)
	}
	if n, _ := e.app.CountRecords(schema.CollectionSessions, dbx.HashExp{schema.SessionRevokedAt: ""}); n != 0 {
		t.Errorf("%d live sessions while suspended", n)
	}

	if res := e.call(t, "PATCH", "/api/collections/users/records/"+u.Id, su, map[string]string{"status": "active"}); res.Status != 200 {
		t.Fatalf("unsuspend: %d %s", res.Status, res.Raw)
	}
	e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)

	for _, action := range []string{schema.ActionAccountSuspended, schema.ActionAccountUnsuspended} {
		ev, err := e.app.FindFirstRecordByFilter(schema.CollectionAuditEvents, "action = {:a} && user = {:u}", dbx.Params{"a": action, "u": u.Id})
		if err != nil || ev.GetString(schema.AuditActorCollection) != "_superusers" {
			t.Errorf("%s event by a superuser: %v %v", action, ev, err)
		}
	}
}

func TestUserCannotUnsuspendItself(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	tok := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	e.call(t, "PATCH", "/api/collections/users/records/"+u.Id, tok, map[string]string{"status": "suspended"})
	fresh, _ := e.app.FindRecordById(schema.CollectionUsers, u.Id)
	if schema.AsUser(fresh).IsSuspended() {
		t.Fatal("a user changed its own status")
	}
}
