package accounts_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	"folio/hooks/accounts"
	"folio/hooks/internal/auditlog"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// actions lists the audit actions recorded about user, oldest first.
func (e *env) actions(t *testing.T, user string) []string {
	t.Helper()
	evs, err := e.app.FindRecordsByFilter(schema.CollectionAuditEvents, "user = {:u}", "seq", 0, 0, dbx.Params{"u": user})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = ev.GetString(schema.AuditAction)
	}
	return out
}

func contains(list []string, want string) bool {
	for _, s := range list {
		if s == want {
			return true
		}
	}
	return false
}

func TestAccountEventsAreAudited(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	res := e.call(t, "POST", "/api/collections/users/records", "", map[string]string{
		"email": "ann@example.com", "password": testapp.TestPassword, "passwordConfirm": testapp.TestPassword, "name": "Ann"})
	if res.Status != 200 {
		t.Fatalf("sign up: %d %s", res.Status, res.Raw)
	}
	u, _ := e.app.FindRecordById(schema.CollectionUsers, res.Body["id"].(string))

	verify, _ := u.NewVerificationToken()
	if res := e.call(t, "POST", "/api/collections/users/confirm-verification", "", map[string]string{"token": verify}); res.Status != 204 {
		t.Fatalf("verify: %d %s", res.Status, res.Raw)
	}
	tok := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	other := e.signIn(t, "ann@example.com", testapp.TestPassword, safariIPhone)
	if res := e.call(t, "POST", "/api/folio/sessions/logout", tok, nil); res.Status != 204 {
		t.Fatalf("logout: %d", res.Status)
	}
	u, _ = e.app.FindRecordById(schema.CollectionUsers, u.Id)
	reset, _ := u.NewPasswordResetToken()
	pw := "another-long-passphrase-77"
	if res := e.call(t, "POST", "/api/collections/users/confirm-password-reset", "", map[string]string{
		"token": reset, "password": pw, "passwordConfirm": pw}); res.Status != 204 {
		t.Fatalf("reset: %d %s", res.Status, res.Raw)
	}
	if s := sessionRecord(t, e, sid(t, other)); s.RevokedReason() != schema.RevokedPasswordReset {
		t.Errorf("reason after a reset = %q, want password_reset", s.RevokedReason())
	}

	got := e.actions(t, u.Id)
	for _, want := range []string{schema.ActionAccountCreated, schema.ActionEmailVerified, schema.ActionSignIn,
		schema.ActionLogout, schema.ActionSessionRevoked, schema.ActionPasswordReset} {
		if !contains(got, want) {
			t.Errorf("%s missing from %v", want, got)
		}
	}
	if contains(got, schema.ActionPasswordChanged) {
		t.Errorf("a reset was recorded as a change: %v", got)
	}
	if rep, err := auditlog.Verify(e.app); err != nil || rep.Broken != nil {
		t.Fatalf("chain: %v %v", rep.Broken, err)
	}
}

func TestCheckReadsTheCacheNotTheDatabase(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	tok := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	view := func() int { return e.call(t, "GET", "/api/collections/users/records/"+u.Id, tok, nil).Status }
	if view() != 200 {
		t.Fatal("first request")
	}
	// revoke the row behind the hooks' back: a check that read the row would now refuse
	if _, err := e.app.NonconcurrentDB().NewQuery("UPDATE sessions SET revoked_at = '2026-01-01 00:00:00.000Z' WHERE id = {:id}").
		Bind(dbx.Params{"id": sid(t, tok)}).Execute(); err != nil {
		t.Fatal(err)
	}
	if got := view(); got != 200 {
		t.Fatalf("the check read the database: %d", got)
	}
	// a revocation through Folio (record hooks) reaches the cache at once
	s, _ := e.app.FindRecordById(schema.CollectionSessions, sid(t, tok))
	s.Set(schema.SessionRevokedReason, schema.RevokedByAdmin)
	if err := e.app.Save(s); err != nil {
		t.Fatal(err)
	}
	if got := view(); got != 401 {
		t.Fatalf("after a hooked save: %d, want 401", got)
	}
}
