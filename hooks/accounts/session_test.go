package accounts_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/accounts"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

func sessionRecord(t *testing.T, e *env, id string) *schema.Session {
	t.Helper()
	r, err := e.app.FindRecordById(schema.CollectionSessions, id)
	if err != nil {
		t.Fatalf("session %s: %v", id, err)
	}
	return schema.AsSession(r)
}

func TestSignInBindsTokenToSession(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	tok := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)

	s := sessionRecord(t, e, sid(t, tok))
	if s.User() != u.Id || s.Method() != schema.SessionMethodPassword {
		t.Errorf("session user/method = %s/%s, want %s/password", s.User(), s.Method(), u.Id)
	}
	if got := s.GetString(schema.SessionClient); got != "Firefox 128" {
		t.Errorf("client = %q, want Firefox 128", got)
	}
	if got := s.GetString(schema.SessionDevice); got != "desktop" {
		t.Errorf("device = %q, want desktop", got)
	}
	if s.GetString(schema.SessionIP) != "127.0.0.1" {
		t.Errorf("ip = %q", s.GetString(schema.SessionIP))
	}
	// absolute end = sign-in + 60 days; the token itself lasts the collection's usual duration
	wantEnd := e.clock.Now().Add(accounts.DefaultAbsoluteLifetime)
	if d := s.Expires().Time().Sub(wantEnd); d < -time.Second || d > time.Second {
		t.Errorf("expires = %v, want about %v", s.Expires(), wantEnd)
	}
	users, _ := e.app.FindCollectionByNameOrId(schema.CollectionUsers)
	exp := int64(claims(t, tok)["exp"].(float64))
	if want := e.clock.Now().Add(users.AuthToken.DurationTime()).Unix(); exp < want-2 || exp > want+2 {
		t.Errorf("token exp = %d, want about %d", exp, want)
	}
	// the token works, and the sign-in is in the audit trail with the session
	if res := e.call(t, "GET", "/api/collections/users/records/"+u.Id, tok, nil); res.Status != 200 {
		t.Fatalf("view self: %d %s", res.Status, res.Raw)
	}
	ev, err := e.app.FindFirstRecordByFilter(schema.CollectionAuditEvents, "action = 'auth.signin' && user = {:u}", dbx.Params{"u": u.Id})
	if err != nil || ev.GetString(schema.AuditSession) != s.Id {
		t.Fatalf("auth.signin event with session %s: %v %v", s.Id, ev, err)
	}
}

func TestRevokedSessionGets401(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	a := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	b := e.signIn(t, "ann@example.com", testapp.TestPassword, safariIPhone)

	// A revokes B by deleting B's session record
	if res := e.call(t, "DELETE", "/api/collections/sessions/records/"+sid(t, b), a, nil); res.Status != 204 {
		t.Fatalf("delete B's session: %d %s", res.Status, res.Raw)
	}
	res := e.call(t, "GET", "/api/collections/users/records/"+u.Id, b, nil)
	if res.Status != 401 || res.dataCode("session") != "session_revoked" {
		t.Fatalf("B after revoke: %d %s, want 401 session_revoked", res.Status, res.Raw)
	}
	// also on a route that any guest may call: the SDK learns the session is over
	if res := e.call(t, "GET", "/api/collections/sessions/records", b, nil); res.Status != 401 {
		t.Errorf("B list after revoke: %d, want 401", res.Status)
	}
	// ...but a stale token never blocks signing in again
	res = e.call(t, "POST", "/api/collections/users/auth-with-password", b,
		map[string]string{"identity": "ann@example.com", "password": testapp.TestPassword})
	if res.Status != 200 {
		t.Errorf("sign in with a stale token in the header: %d %s", res.Status, res.Raw)
	}
	// A is untouched; the row says why B ended
	if res := e.call(t, "GET", "/api/collections/users/records/"+u.Id, a, nil); res.Status != 200 {
		t.Errorf("A after revoking B: %d", res.Status)
	}
	if s := sessionRecord(t, e, sid(t, b)); s.RevokedReason() != schema.RevokedByUser || s.RevokedAt().IsZero() {
		t.Errorf("B's row: revoked %v reason %q", s.RevokedAt(), s.RevokedReason())
	}
}

func TestIdleAndAbsoluteExpiry(t *testing.T) {
	e := newEnv(t, accounts.Config{IdleTimeout: 14 * 24 * time.Hour, AbsoluteLifetime: 60 * 24 * time.Hour})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	view := func(tok string) response {
		return e.call(t, "GET", "/api/collections/users/records/"+u.Id, tok, nil)
	}

	// idle: 13 days of silence is fine, 14 days is not
	idle := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	e.clock.Advance(13*24*time.Hour + 23*time.Hour)
	if res := view(idle); res.Status != 200 {
		t.Fatalf("after 13d23h idle: %d %s", res.Status, res.Raw)
	}
	e.clock.Advance(14 * 24 * time.Hour)
	if res := view(idle); res.Status != 401 || res.dataCode("session") != "session_idle" {
		t.Fatalf("after 14 idle days: %d %s, want 401 session_idle", res.Status, res.Raw)
	}

	// absolute: a session used every few days still ends 60 days after sign-in
	busy := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	for day := 0; day < 59; day += 3 {
		e.clock.Advance(3 * 24 * time.Hour)
		if res := view(busy); day+3 < 60 && res.Status != 200 {
			t.Fatalf("day %d: %d %s", day+3, res.Status, res.Raw)
		}
	}
	e.clock.Advance(24 * time.Hour) // day 61
	if res := view(busy); res.Status != 401 || res.dataCode("session") != "session_expired" {
		t.Fatalf("after 61 days: %d %s, want 401 session_expired", res.Status, res.Raw)
	}
}

func TestRefreshKeepsSessionAndNeverPassesItsEnd(t *testing.T) {
	e := newEnv(t, accounts.Config{AbsoluteLifetime: 8 * 24 * time.Hour})
	testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	tok := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	id := sid(t, tok)
	end := sessionRecord(t, e, id).Expires().Time()

	e.clock.Advance(5 * 24 * time.Hour)
	res := e.call(t, "POST", "/api/collections/users/auth-refresh", tok, nil)
	if res.Status != 200 {
		t.Fatalf("refresh: %d %s", res.Status, res.Raw)
	}
	refreshed := res.Body["token"].(string)
	if got := sid(t, refreshed); got != id {
		t.Fatalf("refreshed sid = %s, want %s", got, id)
	}
	// 5 days + the usual token lifetime (5 days or more) would pass the 8-day end: the token stops there
	if exp := int64(claims(t, refreshed)["exp"].(float64)); exp != end.Unix() {
		t.Errorf("refreshed exp = %d, want the session end %d", exp, end.Unix())
	}
	if n, _ := e.app.CountRecords(schema.CollectionSessions); n != 1 {
		t.Errorf("sessions after refresh = %d, want 1", n)
	}
	e.clock.Advance(3*24*time.Hour + time.Second)
	if res := e.call(t, "POST", "/api/collections/users/auth-refresh", refreshed, nil); res.Status != 401 {
		t.Errorf("refresh past the end: %d, want 401", res.Status)
	}
}

func TestLastActiveWrittenAtMostOncePerMinute(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	tok := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	id := sid(t, tok)
	signedIn := sessionRecord(t, e, id).LastActive().Time()

	for i := 0; i < 5; i++ {
		e.clock.Advance(10 * time.Second)
		e.call(t, "GET", "/api/collections/users/records/"+u.Id, tok, nil)
	}
	time.Sleep(200 * time.Millisecond) // a write, if any, is in the background
	if got := sessionRecord(t, e, id).LastActive().Time(); !got.Equal(signedIn) {
		t.Fatalf("last_active moved within a minute: %v → %v", signedIn, got)
	}
	e.clock.Advance(15 * time.Second) // 65 s after sign-in
	e.call(t, "GET", "/api/collections/users/records/"+u.Id, tok, nil)
	want := e.clock.Now().Truncate(time.Millisecond)
	waitFor(t, "last_active written", func() bool {
		return sessionRecord(t, e, id).LastActive().Time().Equal(want)
	})
}

func TestOldestSessionEvictedOverTheLimit(t *testing.T) {
	e := newEnv(t, accounts.Config{MaxSessions: 2})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	first := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	e.clock.Advance(time.Second)
	second := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	e.clock.Advance(time.Second)
	third := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)

	if s := sessionRecord(t, e, sid(t, first)); s.RevokedReason() != schema.RevokedEvicted {
		t.Errorf("first session reason = %q, want evicted", s.RevokedReason())
	}
	for _, tok := range []string{second, third} {
		if res := e.call(t, "GET", "/api/collections/users/records/"+u.Id, tok, nil); res.Status != 200 {
			t.Errorf("a newer session: %d", res.Status)
		}
	}
	if res := e.call(t, "GET", "/api/collections/users/records/"+u.Id, first, nil); res.Status != 401 {
		t.Errorf("the evicted session: %d, want 401", res.Status)
	}
}

func TestUsersListOwnSessionsWithCurrentMarked(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	testapp.CreateUser(t, e.app, "bob@example.com", "Bob")
	a := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	e.signIn(t, "ann@example.com", testapp.TestPassword, safariIPhone)
	bob := e.signIn(t, "bob@example.com", testapp.TestPassword, firefoxLinux)

	res := e.call(t, "GET", "/api/collections/sessions/records?sort=created", a, nil)
	items, _ := res.Body["items"].([]any)
	if res.Status != 200 || len(items) != 2 {
		t.Fatalf("Ann's sessions: %d %s", res.Status, res.Raw)
	}
	current := 0
	for _, it := range items {
		m := it.(map[string]any)
		if m["current"] == true {
			current++
			if m["id"] != sid(t, a) {
				t.Errorf("current = %v, want %s", m["id"], sid(t, a))
			}
		}
		if m["active"] != true {
			t.Errorf("session %v not active", m["id"])
		}
	}
	if current != 1 {
		t.Errorf("%d sessions marked current, want 1", current)
	}
	// Bob cannot see, view or revoke Ann's sessions
	if res := e.call(t, "GET", "/api/collections/sessions/records", bob, nil); len(res.Body["items"].([]any)) != 1 {
		t.Errorf("Bob sees %s", res.Raw)
	}
	if res := e.call(t, "GET", "/api/collections/sessions/records/"+sid(t, a), bob, nil); res.Status != 404 {
		t.Errorf("Bob views Ann's session: %d, want 404", res.Status)
	}
	if res := e.call(t, "DELETE", "/api/collections/sessions/records/"+sid(t, a), bob, nil); res.Status != 404 {
		t.Errorf("Bob deletes Ann's session: %d, want 404", res.Status)
	}
	// guests see nothing
	if res := e.call(t, "GET", "/api/collections/sessions/records", "", nil); len(res.Body["items"].([]any)) != 0 {
		t.Errorf("a guest sees %s", res.Raw)
	}
}

func TestNobodyCreatesOrExtendsSessionsThroughTheAPI(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	a := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	su := superuserToken(t, e)
	far := time.Now().Add(10 * 365 * 24 * time.Hour).UTC().Format("2006-01-02 15:04:05.000Z")
	body := map[string]any{"user": u.Id, "method": "password", "last_active": far, "idle_expires": far, "expires": far}

	for _, c := range []struct {
		who, token, method, path string
		want                     int
	}{
		{"user create", a, "POST", "/api/collections/sessions/records", 403},
		{"superuser create", su, "POST", "/api/collections/sessions/records", 403},
		{"user extend", a, "PATCH", "/api/collections/sessions/records/" + sid(t, a), 403},
		{"superuser extend", su, "PATCH", "/api/collections/sessions/records/" + sid(t, a), 403},
	} {
		if res := e.call(t, c.method, c.path, c.token, body); res.Status != c.want {
			t.Errorf("%s: %d %s, want %d", c.who, res.Status, res.Raw, c.want)
		}
	}
	if n, _ := e.app.CountRecords(schema.CollectionSessions); n != 1 {
		t.Errorf("sessions = %d, want 1", n)
	}
	if s := sessionRecord(t, e, sid(t, a)); s.Expires().Time().Year() > time.Now().Year()+1 {
		t.Errorf("session extended to %v", s.Expires())
	}
}

func superuserToken(t *testing.T, e *env) string {
	t.Helper()
	col, err := e.app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	su := core.NewRecord(col)
	su.SetEmail("root@example.com")
	su.SetPassword(testapp.TestPassword)
	if err := e.app.Save(su); err != nil {
		t.Fatal(err)
	}
	return testapp.Token(t, su)
}

func TestLogoutRevokeOthersRevokeAll(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	// signed in as Ann: only she (or a superuser) sees her email, whatever the view rule lets guests see
	ok := func(tok string) bool {
		res := e.call(t, "GET", "/api/collections/users/records/"+u.Id, tok, nil)
		return res.Status == 200 && res.Body["email"] == "ann@example.com"
	}
	a := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	b := e.signIn(t, "ann@example.com", testapp.TestPassword, safariIPhone)
	c := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)

	if res := e.call(t, "POST", "/api/folio/sessions/logout", c, nil); res.Status != 204 {
		t.Fatalf("logout: %d %s", res.Status, res.Raw)
	}
	if ok(c) || !ok(a) || !ok(b) {
		t.Fatalf("after C's logout: a=%v b=%v c=%v", ok(a), ok(b), ok(c))
	}
	if s := sessionRecord(t, e, sid(t, c)); s.RevokedReason() != schema.RevokedLogout {
		t.Errorf("C's reason = %q", s.RevokedReason())
	}

	res := e.call(t, "POST", "/api/folio/sessions/revoke-others", a, nil)
	if res.Status != 200 || res.Body["revoked"] != 1.0 {
		t.Fatalf("revoke-others: %d %s, want revoked 1", res.Status, res.Raw)
	}
	if !ok(a) || ok(b) {
		t.Fatalf("after revoke-others: a=%v b=%v", ok(a), ok(b))
	}

	d := e.signIn(t, "ann@example.com", testapp.TestPassword, safariIPhone)
	legacy := testapp.Token(t, u) // minted by Go code, outside any session
	res = e.call(t, "POST", "/api/folio/sessions/revoke-all", d, nil)
	if res.Status != 200 || res.Body["revoked"] != 2.0 {
		t.Fatalf("revoke-all: %d %s, want revoked 2", res.Status, res.Raw)
	}
	if ok(a) || ok(d) {
		t.Fatalf("after revoke-all: a=%v d=%v", ok(a), ok(d))
	}
	if ok(legacy) {
		t.Errorf("a session-less token survived revoke-all")
	}
	for _, tok := range []string{a, d} {
		if s := sessionRecord(t, e, sid(t, tok)); s.RevokedReason() != schema.RevokedSignOutAll {
			t.Errorf("reason = %q, want signed_out_all", s.RevokedReason())
		}
	}
}

func TestPasswordChangeEndsEverySession(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	a := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	b := e.signIn(t, "ann@example.com", testapp.TestPassword, safariIPhone)

	newPassword := "another-long-passphrase-77"
	res := e.call(t, "PATCH", "/api/collections/users/records/"+u.Id, a, map[string]string{
		"oldPassword": testapp.TestPassword, "password": newPassword, "passwordConfirm": newPassword})
	if res.Status != 200 {
		t.Fatalf("change password: %d %s", res.Status, res.Raw)
	}
	for _, tok := range []string{a, b} {
		if res := e.call(t, "GET", "/api/collections/users/records/"+u.Id, tok, nil); res.Status != 401 {
			t.Errorf("old session after the change: %d, want 401", res.Status)
		}
		if s := sessionRecord(t, e, sid(t, tok)); s.RevokedReason() != schema.RevokedPasswordChanged {
			t.Errorf("reason = %q, want password_changed", s.RevokedReason())
		}
	}
	ev, err := e.app.FindFirstRecordByFilter(schema.CollectionAuditEvents, "action = 'password.changed' && user = {:u}", dbx.Params{"u": u.Id})
	if err != nil || ev.GetString(schema.AuditActor) != u.Id {
		t.Errorf("password.changed event by the user: %v %v", ev, err)
	}
	e.signIn(t, "ann@example.com", newPassword, firefoxLinux)
}
