package factors_test

import (
	"net/http"
	"testing"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// A space that requires a second factor of its editors refuses an editor's page write (403,
// second_factor_required) until the editor enrols; viewers are not covered by "editors"; an
// owner cannot turn the policy on before enrolling.
func TestSpacePolicy(t *testing.T) {
	e := newEnv(t)
	owner := testapp.CreateUser(t, e.app, "owner@example.com", "Owner")
	editor := testapp.CreateUser(t, e.app, "editor@example.com", "Editor")
	space := testapp.CreateRecord(t, e.app, schema.CollectionSpaces, map[string]any{
		schema.SpaceSlug: "kb", schema.SpaceName: "KB", schema.SpaceVisibility: schema.VisibilityPrivate, schema.SpaceSourceLocale: "en"})
	for u, role := range map[string]string{owner.Id: schema.RoleOwner, editor.Id: schema.RoleEditor} {
		testapp.CreateRecord(t, e.app, schema.CollectionMemberships, map[string]any{
			schema.MembershipSpace: space.Id, schema.MembershipUser: u, schema.MembershipRole: role})
	}
	ownerTok, editorTok := testapp.Token(t, owner), testapp.Token(t, editor)
	spaceURL := "/api/collections/spaces/records/" + space.Id

	res := e.do(t, http.MethodPatch, spaceURL, ownerTok, map[string]any{schema.SpaceSecondFactor: schema.SecondFactorEditors})
	if res.Status != 403 || errCode(res, schema.SpaceSecondFactor) != "enrol_first" {
		t.Fatalf("owner without a factor turns the policy on: %d %s, want 403 enrol_first", res.Status, res.Raw)
	}
	e.enrolTOTP(t, owner)
	if res := e.do(t, http.MethodPatch, spaceURL, ownerTok, map[string]any{schema.SpaceSecondFactor: schema.SecondFactorEditors}); res.Status != 200 {
		t.Fatalf("owner with a factor turns the policy on: %d %s", res.Status, res.Raw)
	}
	page := map[string]any{"space": space.Id, "locale": "en", "path": "guide", "title": "Guide", "body": "Hello", "status": "published"}
	res = e.do(t, http.MethodPost, "/api/collections/pages/records", editorTok, page)
	if res.Status != 403 || errCode(res, "factor") != "second_factor_required" {
		t.Fatalf("editor without a factor writes: %d %s, want 403 second_factor_required", res.Status, res.Raw)
	}
	if n, _ := e.app.CountRecords(schema.CollectionPages); n != 0 {
		t.Fatalf("%d pages written by the refused write", n)
	}
	e.enrolTOTP(t, editor)
	if res := e.do(t, http.MethodPost, "/api/collections/pages/records", editorTok, page); res.Status != 200 {
		t.Fatalf("editor with a factor writes: %d %s", res.Status, res.Raw)
	}
	// the owner's own page writes pass, and reading is never refused
	if res := e.do(t, http.MethodGet, "/api/collections/pages/records", editorTok, nil); res.Status != 200 {
		t.Fatalf("list pages: %d", res.Status)
	}
}
