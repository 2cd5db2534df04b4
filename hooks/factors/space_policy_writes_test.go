package factors_test

import (
	"net/http"
	"testing"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// A space that requires a second factor of its members refuses every write of a member without
// one — the space's other records, its settings, and Folio's routes that write in it — and still
// lets that member leave; with a factor the same writes pass.
func TestSpacePolicyCoversEveryWrite(t *testing.T) {
	e := newEnv(t)
	owner := testapp.CreateUser(t, e.app, "owner@example.com", "Owner")
	admin := testapp.CreateUser(t, e.app, "admin@example.com", "Admin")
	editor := testapp.CreateUser(t, e.app, "editor@example.com", "Editor")
	space := testapp.CreateRecord(t, e.app, schema.CollectionSpaces, map[string]any{
		schema.SpaceSlug: "kb", schema.SpaceName: "KB", schema.SpaceVisibility: schema.VisibilityPrivate, schema.SpaceSourceLocale: "en",
		schema.SpaceSecondFactor: schema.SecondFactorMembers})
	memberships := map[string]string{}
	for u, role := range map[string]string{owner.Id: schema.RoleOwner, admin.Id: schema.RoleAdmin, editor.Id: schema.RoleEditor} {
		m := testapp.CreateRecord(t, e.app, schema.CollectionMemberships, map[string]any{
			schema.MembershipSpace: space.Id, schema.MembershipUser: u, schema.MembershipRole: role})
		memberships[u] = m.Id
	}
	page := testapp.CreateRecord(t, e.app, schema.CollectionPages, map[string]any{
		"space": space.Id, "locale": "en", "path": "guide", "title": "Guide", "body": "Hello", "status": "published"})
	adminTok, editorTok := testapp.Token(t, admin), testapp.Token(t, editor)

	refused := []struct {
		name, token, method, url string
		body                     any
	}{
		{"move a page", editorTok, http.MethodPost, "/api/folio/pages/" + page.Id + "/move", map[string]any{"path": "handbook"}},
		{"restore a revision", editorTok, http.MethodPost, "/api/folio/pages/" + page.Id + "/restore", map[string]any{"revision": "x"}},
		{"import into the space", adminTok, http.MethodPost, "/api/folio/spaces/" + space.Id + "/import", nil},
		{"invite", adminTok, http.MethodPost, "/api/collections/invitations/records",
			map[string]any{schema.InvitationSpace: space.Id, schema.InvitationEmail: "new@example.com", schema.InvitationRole: schema.RoleViewer}},
		{"change the space's settings", adminTok, http.MethodPatch, "/api/collections/spaces/records/" + space.Id, map[string]any{schema.SpaceName: "Renamed"}},
		{"change a member's role", adminTok, http.MethodPatch, "/api/collections/memberships/records/" + memberships[editor.Id], map[string]any{schema.MembershipRole: schema.RoleViewer}},
	}
	for _, c := range refused {
		res := e.do(t, c.method, c.url, c.token, c.body)
		if res.Status != 403 || errCode(res, "factor") != "second_factor_required" {
			t.Errorf("%s without a factor: %d %s, want 403 second_factor_required", c.name, res.Status, res.Raw)
		}
	}
	if moved, err := e.app.FindRecordById(schema.CollectionPages, page.Id); err != nil || moved.GetString(schema.PagePath) != "guide" {
		t.Fatalf("the refused move moved the page: %v %v", moved, err)
	}
	if n, _ := e.app.CountRecords(schema.CollectionInvitations); n != 0 {
		t.Fatalf("%d invitations written by a refused write", n)
	}

	// with a factor, the same move passes
	e.enrolTOTP(t, editor)
	if res := e.do(t, http.MethodPost, "/api/folio/pages/"+page.Id+"/move", editorTok, map[string]any{"path": "handbook"}); res.Status != 200 {
		t.Fatalf("move with a factor: %d %s", res.Status, res.Raw)
	}
	// leaving is never refused
	if res := e.do(t, http.MethodDelete, "/api/collections/memberships/records/"+memberships[admin.Id], adminTok, nil); res.Status != 204 {
		t.Fatalf("an admin without a factor leaves the space: %d %s", res.Status, res.Raw)
	}
}
