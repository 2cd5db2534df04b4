package accounts_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"folio/hooks/accounts"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// spaceOf creates a space through the API as token's user (who becomes its owner).
func (e *env) spaceOf(t *testing.T, token, slug string) string {
	t.Helper()
	res := e.call(t, "POST", "/api/collections/spaces/records", token,
		map[string]any{"slug": slug, "name": "Space " + slug, "visibility": "private", "source_locale": "en"})
	if res.Status != 200 {
		t.Fatalf("create space %s: %d %s", slug, res.Status, res.Raw)
	}
	return res.Body["id"].(string)
}

func TestExportHoldsEverythingAboutTheCallerOnly(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	ann := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	testapp.CreateUser(t, e.app, "bob@example.com", "Bob")
	tok := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	bob := e.signIn(t, "bob@example.com", testapp.TestPassword, firefoxLinux)
	e.spaceOf(t, tok, "handbook")

	res := e.call(t, "GET", "/api/folio/account/export", tok, nil)
	if res.Status != 200 {
		t.Fatalf("export: %d %s", res.Status, res.Raw)
	}
	parts := res.Body["parts"].(map[string]any)
	profile := parts["profile"].(map[string]any)
	if profile["email"] != "ann@example.com" || profile["name"] != "Ann" || profile["status"] != "active" {
		t.Errorf("profile = %v", profile)
	}
	if _, leaked := profile["password"]; leaked {
		t.Error("the export holds the password hash")
	}
	sessions := parts["sessions"].([]any)
	if len(sessions) != 1 || sessions[0].(map[string]any)["id"] != sid(t, tok) {
		t.Errorf("sessions = %v, want only Ann's", sessions)
	}
	ms := parts["memberships"].([]any)
	if len(ms) != 1 || ms[0].(map[string]any)["space_slug"] != "handbook" || ms[0].(map[string]any)["role"] != "owner" {
		t.Errorf("memberships = %v", ms)
	}
	var actions []string
	for _, ev := range parts["audit_events"].([]any) {
		m := ev.(map[string]any)
		if m["user"] != ann.Id {
			t.Errorf("someone else's event in the export: %v", m)
		}
		actions = append(actions, m["action"].(string))
	}
	if !strings.Contains(strings.Join(actions, " "), "auth.signin") || !strings.Contains(strings.Join(actions, " "), "membership.created") {
		t.Errorf("audit events = %v", actions)
	}
	if strings.Contains(res.Raw, sid(t, bob)) {
		t.Error("Bob's session is in Ann's export")
	}
	if n, _ := e.app.CountRecords(schema.CollectionAuditEvents, dbx.HashExp{schema.AuditAction: schema.ActionAccountExported, schema.AuditUser: ann.Id}); n != 1 {
		t.Errorf("account.exported events = %d", n)
	}
	if res := e.call(t, "GET", "/api/folio/account/export", "", nil); res.Status != 401 {
		t.Errorf("a guest's export: %d, want 401", res.Status)
	}
}

func TestDeleteAccount(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	ann := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	bob := testapp.CreateUser(t, e.app, "bob@example.com", "Bob")
	tok := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	other := e.signIn(t, "ann@example.com", testapp.TestPassword, safariIPhone)
	space := e.spaceOf(t, tok, "handbook")
	page := e.call(t, "POST", "/api/collections/pages/records", tok, map[string]any{
		"space": space, "locale": "en", "path": "welcome", "title": "Welcome", "body": "# Hello", "status": "published"})
	if page.Status != 200 {
		t.Fatalf("create page: %d %s", page.Status, page.Raw)
	}

	if res := e.call(t, "POST", "/api/folio/account/delete", tok, map[string]string{"password": "not-my-password-at-all"}); res.Status != 400 || res.dataCode("password") != "invalid_password" {
		t.Fatalf("wrong password: %d %s", res.Status, res.Raw)
	}
	res := e.call(t, "POST", "/api/folio/account/delete", tok, map[string]string{"password": testapp.TestPassword})
	if msg, _ := res.Body["message"].(string); res.Status != 409 || !strings.Contains(msg, "last owner") || !strings.Contains(msg, "handbook") {
		t.Fatalf("last owner: %d %s, want 409 naming the space", res.Status, res.Raw)
	}

	testapp.CreateRecord(t, e.app, schema.CollectionMemberships, map[string]any{"space": space, "user": bob.Id, "role": "owner"})
	if res := e.call(t, "POST", "/api/folio/account/delete", tok, map[string]string{"password": testapp.TestPassword}); res.Status != 204 {
		t.Fatalf("delete: %d %s", res.Status, res.Raw)
	}

	for _, token := range []string{tok, other} {
		if res := e.call(t, "GET", "/api/collections/spaces/records", token, nil); res.Status != 401 {
			t.Errorf("a session of the deleted account: %d, want 401", res.Status)
		}
	}
	signIn := e.call(t, "POST", "/api/collections/users/auth-with-password", "", map[string]string{"identity": "ann@example.com", "password": testapp.TestPassword})
	unknown := e.call(t, "POST", "/api/collections/users/auth-with-password", "", map[string]string{"identity": "zed@example.com", "password": testapp.TestPassword})
	if signIn.Status != 400 || signIn.Raw != unknown.Raw {
		t.Errorf("signing in as the deleted account: %d %s, want what an unknown identity gets (%s)", signIn.Status, signIn.Raw, unknown.Raw)
	}
	tomb, err := e.app.FindRecordById(schema.CollectionUsers, ann.Id)
	if err != nil {
		t.Fatalf("the anonymous record is gone: %v", err)
	}
	if u := schema.AsUser(tomb); !u.IsDeleted() || u.Name() != "Deleted user" || strings.Contains(tomb.Email(), "ann") {
		t.Errorf("tombstone: status %q name %q email %q", u.Status(), u.Name(), tomb.Email())
	}
	if n, _ := e.app.CountRecords(schema.CollectionMemberships, dbx.HashExp{schema.MembershipUser: ann.Id}); n != 0 {
		t.Errorf("%d memberships left", n)
	}
	if n, _ := e.app.CountRecords(schema.CollectionSessions, dbx.HashExp{schema.SessionUser: ann.Id}); n != 0 {
		t.Errorf("%d session rows left", n)
	}
	kept, err := e.app.FindRecordById(schema.CollectionPages, page.Body["id"].(string))
	if err != nil || kept.GetString(schema.PageAuthor) != ann.Id {
		t.Errorf("the page should stay, authored by the anonymous record: %v %v", kept, err)
	}
	if n, _ := e.app.CountRecords(schema.CollectionAuditEvents, dbx.HashExp{schema.AuditAction: schema.ActionAccountDeleted, schema.AuditUser: ann.Id}); n != 1 {
		t.Errorf("account.deleted events = %d", n)
	}
	// the address is free again
	if res := e.call(t, "POST", "/api/collections/users/records", "", map[string]string{
		"email": "ann@example.com", "password": "tangerine-lighthouse-41", "passwordConfirm": "tangerine-lighthouse-41"}); res.Status != 200 {
		t.Errorf("sign up again with the freed address: %d %s", res.Status, res.Raw)
	}
}
