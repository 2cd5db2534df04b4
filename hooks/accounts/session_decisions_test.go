package accounts_test

import (
	"testing"
	"time"

	"folio/hooks/accounts"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

func TestImpersonationGetsARevocableSessionOfTheChosenLength(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	res := e.call(t, "POST", "/api/collections/users/impersonate/"+u.Id, superuserToken(t, e), map[string]int{"duration": 90 * 24 * 3600})
	if res.Status != 200 {
		t.Fatalf("impersonate: %d %s", res.Status, res.Raw)
	}
	tok := res.Body["token"].(string)
	s := sessionRecord(t, e, sid(t, tok))
	if s.Method() != schema.SessionMethodImpersonation || s.User() != u.Id {
		t.Fatalf("session method %q user %q", s.Method(), s.User())
	}
	exp := int64(claims(t, tok)["exp"].(float64))
	if s.Expires().Time().Unix() != exp || claims(t, tok)["refreshable"] != false {
		t.Errorf("session end %v, token exp %d refreshable %v: want the same end, not refreshable", s.Expires(), exp, claims(t, tok)["refreshable"])
	}
	if exp < time.Now().Add(89*24*time.Hour).Unix() {
		t.Errorf("token exp %d: the chosen 90 days were cut", exp)
	}
	// the static token refreshes to itself, and the user can revoke it like any device
	if res := e.call(t, "POST", "/api/collections/users/auth-refresh", tok, nil); res.Status != 200 || res.Body["token"] != tok {
		t.Errorf("refresh of the static token: %d, same token %v", res.Status, res.Body["token"] == tok)
	}
	own := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	if res := e.call(t, "DELETE", "/api/collections/sessions/records/"+s.Id, own, nil); res.Status != 204 {
		t.Fatalf("revoke the impersonation: %d", res.Status)
	}
	if res := e.call(t, "GET", "/api/collections/users/records/"+u.Id, tok, nil); res.Status != 401 {
		t.Errorf("impersonation token after revoke: %d, want 401", res.Status)
	}
}

func TestTokensWithoutSessionEndWithTheTokenKey(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	legacy := testapp.Token(t, u) // what Go code mints: no sid
	if res := e.call(t, "GET", "/api/collections/users/records/"+u.Id, legacy, nil); res.Status != 200 {
		t.Fatalf("a token without session: %d %s", res.Status, res.Raw)
	}
	if res := e.call(t, "POST", "/api/folio/sessions/logout", legacy, nil); res.Status != 400 {
		t.Errorf("logout without a session: %d, want 400", res.Status)
	}
	// its first refresh binds it to a session
	res := e.call(t, "POST", "/api/collections/users/auth-refresh", legacy, nil)
	if res.Status != 200 {
		t.Fatalf("refresh: %d %s", res.Status, res.Raw)
	}
	if s := sessionRecord(t, e, sid(t, res.Body["token"].(string))); s.Method() != schema.SessionMethodToken {
		t.Errorf("method = %q, want token", s.Method())
	}
	// a password change rotates the key: the old token is refused with 401 like an ended session
	pw := "another-long-passphrase-77"
	u.SetPassword(pw)
	if err := e.app.Save(u); err != nil {
		t.Fatal(err)
	}
	if res := e.call(t, "GET", "/api/collections/users/records/"+u.Id, res.Body["token"].(string), nil); res.Status != 401 {
		t.Errorf("session token after a password change: %d, want 401", res.Status)
	}
}
