package spaces_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// team is a private space with one member per role, plus a signed-in user outside it.
type team struct {
	app                                   *tests.TestApp
	space                                 *core.Record
	owner, admin, editor, viewer, outside *core.Record
	mOwner, mAdmin, mEditor, mViewer      *core.Record
}

func newTeam(t *testing.T) *team {
	app := testapp.New(t)
	tm := &team{app: app}
	tm.owner = testapp.CreateUser(t, app, "owner@folio.test", "Owner")
	tm.admin = testapp.CreateUser(t, app, "admin@folio.test", "Admin")
	tm.editor = testapp.CreateUser(t, app, "editor@folio.test", "Editor")
	tm.viewer = testapp.CreateUser(t, app, "viewer@folio.test", "Viewer")
	tm.outside = testapp.CreateUser(t, app, "outside@folio.test", "Outside")
	tm.space = newSpace(t, app, nil, "team", schema.VisibilityPrivate)
	tm.mOwner = addMembership(t, app, tm.space, tm.owner, schema.RoleOwner)
	tm.mAdmin = addMembership(t, app, tm.space, tm.admin, schema.RoleAdmin)
	tm.mEditor = addMembership(t, app, tm.space, tm.editor, schema.RoleEditor)
	tm.mViewer = addMembership(t, app, tm.space, tm.viewer, schema.RoleViewer)
	return tm
}

func (tm *team) role(t *testing.T, membershipId string) string {
	t.Helper()
	m, err := tm.app.FindRecordById(schema.CollectionMemberships, membershipId)
	if err != nil {
		return "(deleted)"
	}
	return m.GetString(schema.MembershipRole)
}

const (
	msgLastOwner   = `"message":"A space needs at least one owner: make someone else owner first."`
	msgInvite      = `"message":"People join a space by accepting an invitation: invite them by email instead (create an invitations record); their membership is made when they accept."`
	msgChangeOwner = `"message":"Only an owner can make someone an owner or change an owner's role."`
	msgRemoveOwner = `"message":"Only an owner can remove an owner."`
	membershipsURL = "/api/collections/memberships/records"
)

func TestMembershipRoleHierarchy(t *testing.T) {
	for _, c := range []struct {
		name    string
		who     func(*team) *core.Record
		method  string
		target  func(*team) *core.Record // nil: create
		data    map[string]any
		status  int
		content string
		after   func(t *testing.T, tm *team)
	}{
		{name: "owner cannot add someone directly", who: func(tm *team) *core.Record { return tm.owner }, method: http.MethodPost,
			data: map[string]any{"role": "viewer"}, status: 403, content: msgInvite,
			after: func(t *testing.T, tm *team) { wantMembers(t, tm, 4) }},
		{name: "owner cannot add an owner directly", who: func(tm *team) *core.Record { return tm.owner }, method: http.MethodPost,
			data: map[string]any{"role": "owner"}, status: 403, content: `"user":{"code":"invitation_required"`,
			after: func(t *testing.T, tm *team) { wantMembers(t, tm, 4) }},
		{name: "admin cannot add someone directly", who: func(tm *team) *core.Record { return tm.admin }, method: http.MethodPost,
			data: map[string]any{"role": "editor"}, status: 403, content: msgInvite,
			after: func(t *testing.T, tm *team) { wantMembers(t, tm, 4) }},
		{name: "a superuser adds a member", who: func(tm *team) *core.Record { return newSuperuser(t, tm.app) }, method: http.MethodPost,
			data: map[string]any{"role": "editor"}, status: 200, content: `"role":"editor"`,
			after: func(t *testing.T, tm *team) { wantMembers(t, tm, 5) }},
		{name: "unknown role", who: func(tm *team) *core.Record { return newSuperuser(t, tm.app) }, method: http.MethodPost,
			data: map[string]any{"role": "boss"}, status: 400, content: `"role":{"code":"validation_invalid_value"`,
			after: func(t *testing.T, tm *team) { wantMembers(t, tm, 4) }},
		{name: "admin cannot promote to owner", who: func(tm *team) *core.Record { return tm.admin }, method: http.MethodPatch,
			target: func(tm *team) *core.Record { return tm.mEditor }, data: map[string]any{"role": "owner"}, status: 403, content: msgChangeOwner,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mEditor, "editor") }},
		{name: "admin cannot promote itself to owner", who: func(tm *team) *core.Record { return tm.admin }, method: http.MethodPatch,
			target: func(tm *team) *core.Record { return tm.mAdmin }, data: map[string]any{"role": "owner"}, status: 403, content: msgChangeOwner,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mAdmin, "admin") }},
		{name: "admin cannot demote an owner", who: func(tm *team) *core.Record { return tm.admin }, method: http.MethodPatch,
			target: func(tm *team) *core.Record { return tm.mOwner }, data: map[string]any{"role": "viewer"}, status: 403, content: msgChangeOwner,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mOwner, "owner") }},
		{name: "admin demotes an editor", who: func(tm *team) *core.Record { return tm.admin }, method: http.MethodPatch,
			target: func(tm *team) *core.Record { return tm.mEditor }, data: map[string]any{"role": "viewer"}, status: 200, content: `"role":"viewer"`,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mEditor, "viewer") }},
		{name: "owner promotes an admin to owner", who: func(tm *team) *core.Record { return tm.owner }, method: http.MethodPatch,
			target: func(tm *team) *core.Record { return tm.mAdmin }, data: map[string]any{"role": "owner"}, status: 200, content: `"role":"owner"`,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mAdmin, "owner") }},
		{name: "unknown role on update", who: func(tm *team) *core.Record { return tm.owner }, method: http.MethodPatch,
			target: func(tm *team) *core.Record { return tm.mViewer }, data: map[string]any{"role": "boss"}, status: 400, content: `"role":{"code":"validation_invalid_value"`,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mViewer, "viewer") }},
		{name: "admin cannot remove an owner", who: func(tm *team) *core.Record { return tm.admin }, method: http.MethodDelete,
			target: func(tm *team) *core.Record { return tm.mOwner }, status: 403, content: msgRemoveOwner,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mOwner, "owner") }},
		{name: "admin removes an editor", who: func(tm *team) *core.Record { return tm.admin }, method: http.MethodDelete,
			target: func(tm *team) *core.Record { return tm.mEditor }, status: 204,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mEditor, "(deleted)") }},
		{name: "viewer leaves", who: func(tm *team) *core.Record { return tm.viewer }, method: http.MethodDelete,
			target: func(tm *team) *core.Record { return tm.mViewer }, status: 204,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mViewer, "(deleted)") }},
		{name: "admin leaves", who: func(tm *team) *core.Record { return tm.admin }, method: http.MethodDelete,
			target: func(tm *team) *core.Record { return tm.mAdmin }, status: 204,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mAdmin, "(deleted)") }},
		{name: "the last owner cannot leave", who: func(tm *team) *core.Record { return tm.owner }, method: http.MethodDelete,
			target: func(tm *team) *core.Record { return tm.mOwner }, status: 400, content: msgLastOwner,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mOwner, "owner") }},
		{name: "the last owner cannot step down", who: func(tm *team) *core.Record { return tm.owner }, method: http.MethodPatch,
			target: func(tm *team) *core.Record { return tm.mOwner }, data: map[string]any{"role": "admin"}, status: 400, content: msgLastOwner,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mOwner, "owner") }},
		{name: "a superuser cannot remove the last owner", who: func(tm *team) *core.Record { return newSuperuser(t, tm.app) }, method: http.MethodDelete,
			target: func(tm *team) *core.Record { return tm.mOwner }, status: 400, content: msgLastOwner,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mOwner, "owner") }},
		{name: "a superuser cannot demote the last owner", who: func(tm *team) *core.Record { return newSuperuser(t, tm.app) }, method: http.MethodPatch,
			target: func(tm *team) *core.Record { return tm.mOwner }, data: map[string]any{"role": "editor"}, status: 400, content: msgLastOwner,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mOwner, "owner") }},
		{name: "a superuser cannot move the last owner to another space", who: func(tm *team) *core.Record { return newSuperuser(t, tm.app) }, method: http.MethodPatch,
			target: func(tm *team) *core.Record { return tm.mOwner },
			data:   map[string]any{"space": "__other__"}, status: 400, content: msgLastOwner,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mOwner, "owner") }},
		{name: "a superuser makes an owner (no hierarchy for superusers)", who: func(tm *team) *core.Record { return newSuperuser(t, tm.app) }, method: http.MethodPatch,
			target: func(tm *team) *core.Record { return tm.mViewer }, data: map[string]any{"role": "owner"}, status: 200, content: `"role":"owner"`,
			after: func(t *testing.T, tm *team) { wantRole(t, tm, tm.mViewer, "owner") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			tm := newTeam(t)
			url, data := membershipsURL, c.data
			if c.target != nil {
				url += "/" + c.target(tm).Id
			} else {
				data = map[string]any{"space": tm.space.Id, "user": tm.outside.Id}
				for k, v := range c.data {
					data[k] = v
				}
			}
			if data["space"] == "__other__" {
				data["space"] = newSpace(t, tm.app, nil, "other", schema.VisibilityPrivate).Id
			}
			s := tests.ApiScenario{Method: c.method, URL: url, Headers: authAs(t, c.who(tm)), ExpectedStatus: c.status}
			if data != nil {
				s.Body = body(t, data)
			}
			if c.content != "" {
				s.ExpectedContent = []string{c.content}
			}
			scenario(t, tm.app, s)
			c.after(t, tm)
		})
	}
}

func wantRole(t *testing.T, tm *team, m *core.Record, want string) {
	t.Helper()
	if got := tm.role(t, m.Id); got != want {
		t.Fatalf("membership %s: role %q, want %q", m.Id, got, want)
	}
}

func wantMembers(t *testing.T, tm *team, want int) {
	t.Helper()
	if n := count(t, tm.app, schema.CollectionMemberships, "space = {:s}", map[string]any{"s": tm.space.Id}); n != want {
		t.Fatalf("%d members, want %d", n, want)
	}
}

// One owner of two can leave; then the other is the last one.
func TestOwnerLeavesWhenAnotherRemains(t *testing.T) {
	tm := newTeam(t)
	second := addMembership(t, tm.app, tm.space, tm.outside, schema.RoleOwner)
	srv := newServer(t, tm.app)
	if status, res := srv.do(http.MethodDelete, membershipsURL+"/"+tm.mOwner.Id, tm.owner, nil); status != 204 {
		t.Fatalf("the first owner leaves: %d %v", status, res)
	}
	status, res := srv.do(http.MethodDelete, membershipsURL+"/"+second.Id, tm.outside, nil)
	if status != 400 || res["message"] != "A space needs at least one owner: make someone else owner first." {
		t.Fatalf("the last owner leaves: %d %v", status, res)
	}
}

// Two owners demoting each other at the same moment: the last-owner check and the write share a
// transaction, so one demotion wins and the space keeps an owner. Repeated to give the race a chance.
func TestConcurrentOwnerDemotionsKeepAnOwner(t *testing.T) {
	tm := newTeam(t)
	srv := newServer(t, tm.app)
	co := tm.outside
	mCo := addMembership(t, tm.app, tm.space, co, schema.RoleOwner)
	for round := range 20 {
		for _, m := range []*core.Record{tm.mOwner, mCo} {
			m.Set(schema.MembershipRole, schema.RoleOwner)
			if err := tm.app.Save(m); err != nil {
				t.Fatal(err)
			}
		}
		statuses := make(chan int, 2)
		start := make(chan struct{})
		for _, d := range []struct {
			who    *core.Record
			target *core.Record
		}{{tm.owner, mCo}, {co, tm.mOwner}} {
			go func() {
				<-start
				status, _ := srv.do(http.MethodPatch, membershipsURL+"/"+d.target.Id, d.who, map[string]any{"role": "admin"})
				statuses <- status
			}()
		}
		close(start)
		a, b := <-statuses, <-statuses
		owners := count(t, tm.app, schema.CollectionMemberships, "space = {:s} && role = 'owner'", map[string]any{"s": tm.space.Id})
		if owners != 1 {
			t.Fatalf("round %d: %d owners left (statuses %d, %d)", round, owners, a, b)
		}
		if !(a == 200 && (b == 400 || b == 403) || b == 200 && (a == 400 || a == 403)) {
			t.Fatalf("round %d: want one 200 and one refusal, got %d and %d", round, a, b)
		}
	}
}

// The batch API runs its requests in one transaction: the second demotion sees the first and
// the whole batch is refused.
func TestBatchCannotDemoteEveryOwner(t *testing.T) {
	tm := newTeam(t)
	mCo := addMembership(t, tm.app, tm.space, tm.outside, schema.RoleOwner)
	scenario(t, tm.app, tests.ApiScenario{
		Method: http.MethodPost, URL: "/api/batch", Headers: authAs(t, tm.owner),
		Body: body(t, map[string]any{"requests": []map[string]any{
			{"method": "PATCH", "url": membershipsURL + "/" + mCo.Id, "body": map[string]any{"role": "admin"}},
			{"method": "PATCH", "url": membershipsURL + "/" + tm.mOwner.Id, "body": map[string]any{"role": "admin"}},
		}}),
		ExpectedStatus:  400,
		ExpectedContent: []string{"A space needs at least one owner"},
	})
	wantRole(t, tm, tm.mOwner, schema.RoleOwner)
	wantRole(t, tm, mCo, schema.RoleOwner)
}

// Listing a space's members with expand=user shows each other member's name and nothing private.
func TestMembersExpandShowsOnlyPublicUserFields(t *testing.T) {
	tm := newTeam(t)
	scenario(t, tm.app, tests.ApiScenario{
		Method: http.MethodGet, URL: membershipsURL + "?expand=user&perPage=50", Headers: authAs(t, tm.viewer),
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"totalItems":4`, `"name":"Owner"`, `"name":"Admin"`, `"email":"viewer@folio.test"`},
		NotExpectedContent: []string{`"email":"owner@folio.test"`, `"email":"admin@folio.test"`, `"email":"editor@folio.test"`},
	})
}
