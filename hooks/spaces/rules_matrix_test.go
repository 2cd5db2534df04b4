package spaces_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// The API-rule matrix: what each kind of caller gets from each operation of the foundation's
// collections, written down as a table and checked over HTTP against a copy of one seeded app.
//
// The world: space P (private) with owner, admin, editor, viewer and a second viewer "peer";
// space U (public) and space Q (private), both owned by "other". "stranger" belongs to no space;
// "invitee" belongs to none but has a pending invitation to P. Invitations: i-invitee (P, to
// invitee), i-nobody (P, to an address without an account) and i-q (Q).
//
// How PocketBase answers a rule miss (apis/record_crud.go), checked here: a list is filtered
// (200 with fewer items; a guest gets 200 and nothing), view/update/delete are 404, create is
// 400 "Failed to create record.", and a nil rule (superusers only) is 403 for everyone else.
// Folio's hooks add 403 for an admin touching the owner role, 403 for adding another user as a
// member directly (memberships are made by accepting an invitation) and 400 for the last owner.

const (
	guest    = "guest"
	stranger = "stranger"
	other    = "other" // member (owner) of other spaces, not of P
	invited  = "invitee"
	viewer   = "viewer"
	editor   = "editor"
	admin    = "admin"
	owner    = "owner"
)

var matrixRoles = []string{guest, stranger, other, invited, viewer, editor, admin, owner}

// expect is one cell's outcome: a status, and for a list exactly which fixtures are visible.
type expect struct {
	status int
	sees   []string
}

func see(names ...string) expect { return expect{status: 200, sees: names} }
func code(status int) expect     { return expect{status: status} }

// row gives one operation's outcome for each role, in matrixRoles order.
type row struct {
	collection, op, target string // target: the fixture acted on, or what a create sends
	want                   [8]expect
}

var (
	ok, noContent, rejected, forbidden, notFound = code(200), code(204), code(400), code(403), code(404)
	pMembers                                     = []string{"owner", "admin", "editor", "viewer", "peer"}
	pMemberships                                 = []string{"m-owner", "m-admin", "m-editor", "m-viewer", "m-peer"}
)

// matrix: each row's want is the outcome for guest, stranger, other, invitee, viewer, editor,
// admin and owner, in that order.
var matrix = []row{
	// users: self, plus members of a shared space (stripped to id, name, avatar); sign-up is open;
	// only self updates; nobody deletes through the records API (the accounts concern's route does).
	{"users", "list", "", [8]expect{see(), see("stranger"), see("other"), see("invitee"), see(pMembers...), see(pMembers...), see(pMembers...), see(pMembers...)}},
	{"users", "view", "peer", [8]expect{notFound, notFound, notFound, notFound, ok, ok, ok, ok}},
	{"users", "view", "self", [8]expect{notFound, ok, ok, ok, ok, ok, ok, ok}},
	{"users", "create", "sign-up", [8]expect{ok, ok, ok, ok, ok, ok, ok, ok}},
	{"users", "update", "peer", [8]expect{notFound, notFound, notFound, notFound, notFound, notFound, notFound, notFound}},
	{"users", "update", "self", [8]expect{notFound, ok, ok, ok, ok, ok, ok, ok}},
	{"users", "delete", "peer", [8]expect{forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},
	{"users", "delete", "self", [8]expect{forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},

	// spaces: public ones to anyone, private ones to members; any user creates; owners and admins
	// edit; owners delete.
	{"spaces", "list", "", [8]expect{see("U"), see("U"), see("U", "Q"), see("U"), see("P", "U"), see("P", "U"), see("P", "U"), see("P", "U")}},
	{"spaces", "view", "P", [8]expect{notFound, notFound, notFound, notFound, ok, ok, ok, ok}},
	{"spaces", "view", "U", [8]expect{ok, ok, ok, ok, ok, ok, ok, ok}},
	{"spaces", "create", "new-space", [8]expect{rejected, ok, ok, ok, ok, ok, ok, ok}},
	{"spaces", "update", "P", [8]expect{notFound, notFound, notFound, notFound, notFound, notFound, ok, ok}},
	{"spaces", "update", "U", [8]expect{notFound, notFound, ok, notFound, notFound, notFound, notFound, notFound}},
	{"spaces", "delete", "P", [8]expect{notFound, notFound, notFound, notFound, notFound, notFound, notFound, noContent}},

	// memberships: members see their space's members; owners and admins manage them, but nobody
	// adds another user directly (403: people join by accepting an invitation); an admin cannot
	// touch the owner role; anyone leaves, except the last owner.
	{"memberships", "list", "", [8]expect{see(), see(), see("m-other-u", "m-other-q"), see(), see(pMemberships...), see(pMemberships...), see(pMemberships...), see(pMemberships...)}},
	{"memberships", "view", "m-peer", [8]expect{notFound, notFound, notFound, notFound, ok, ok, ok, ok}},
	{"memberships", "create", "stranger-as-viewer", [8]expect{rejected, rejected, rejected, rejected, rejected, rejected, forbidden, forbidden}},
	{"memberships", "create", "stranger-as-owner", [8]expect{rejected, rejected, rejected, rejected, rejected, rejected, forbidden, forbidden}},
	{"memberships", "update", "m-peer", [8]expect{notFound, notFound, notFound, notFound, notFound, notFound, ok, ok}},
	{"memberships", "update", "m-owner", [8]expect{notFound, notFound, notFound, notFound, notFound, notFound, forbidden, rejected}},
	{"memberships", "delete", "m-peer", [8]expect{notFound, notFound, notFound, notFound, notFound, notFound, noContent, noContent}},
	{"memberships", "delete", "m-owner", [8]expect{notFound, notFound, notFound, notFound, notFound, notFound, forbidden, rejected}},
	{"memberships", "delete", "own", [8]expect{notFound, notFound, rejected, notFound, noContent, noContent, noContent, rejected}},

	// invitations: owners and admins of the space, and the invitee (verified address); created by
	// owners and admins; updated by nobody (state changes go through Folio's routes); deleted by
	// owners and admins.
	{"invitations", "list", "", [8]expect{see(), see(), see("i-q"), see("i-invitee"), see(), see(), see("i-invitee", "i-nobody"), see("i-invitee", "i-nobody")}},
	{"invitations", "view", "i-nobody", [8]expect{notFound, notFound, notFound, notFound, notFound, notFound, ok, ok}},
	{"invitations", "view", "i-invitee", [8]expect{notFound, notFound, notFound, ok, notFound, notFound, ok, ok}},
	{"invitations", "create", "new-invitation", [8]expect{rejected, rejected, rejected, rejected, rejected, rejected, ok, ok}},
	{"invitations", "update", "i-nobody", [8]expect{forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},
	{"invitations", "update", "i-invitee", [8]expect{forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden}},
	{"invitations", "delete", "i-nobody", [8]expect{notFound, notFound, notFound, notFound, notFound, notFound, noContent, noContent}},
	{"invitations", "delete", "i-invitee", [8]expect{notFound, notFound, notFound, notFound, notFound, notFound, noContent, noContent}},
}

// publicUserKeys is all a member may read of another member's users record.
var publicUserKeys = []string{"id", "collectionId", "collectionName", schema.UserName, schema.UserAvatar}

func TestRuleMatrix(t *testing.T) {
	w := seedWorld(t)
	for _, r := range matrix {
		for i, role := range matrixRoles {
			want := r.want[i]
			name := strings.Join([]string{r.collection, r.op, r.target, role}, "/")
			t.Run(name, func(t *testing.T) {
				method, url, payload := w.request(t, r, role)
				s := tests.ApiScenario{
					Method: method, URL: url, Headers: w.headers[role], ExpectedStatus: want.status,
					TestAppFactory: w.clone,
					AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
						w.check(t, r, role, want, res)
					},
				}
				if payload != nil {
					s.Body = body(t, payload)
				}
				switch {
				case want.status == 204:
				case want.status >= 400:
					s.ExpectedContent = []string{`"status":` + strconv.Itoa(want.status)}
				case r.op == "list":
					s.ExpectedContent = []string{`"items":`}
				default:
					s.ExpectedContent = []string{`"id":`}
				}
				s.Test(t)
			})
		}
	}
	if n := len(matrix) * len(matrixRoles); n < 200 {
		t.Fatalf("the matrix shrank to %d cells", n)
	}
}

// world is the seeded app (closed, used as a template), its fixtures by name and the callers.
type world struct {
	dir     string
	ids     map[string]string // fixture name → record id
	users   map[string]string // role → user id
	headers map[string]map[string]string
}

func seedWorld(t *testing.T) *world {
	app := testapp.NewUnmanaged(t)
	w := &world{dir: app.DataDir(), ids: map[string]string{}, users: map[string]string{}, headers: map[string]map[string]string{}}
	t.Cleanup(func() { os.RemoveAll(w.dir) })
	users := map[string]*core.Record{}
	for _, name := range []string{stranger, other, invited, viewer, editor, admin, owner, "peer"} {
		users[name] = testapp.CreateUser(t, app, name+"@folio.test", strings.ToUpper(name[:1])+name[1:])
		users[name].Set(schema.UserLocale, "en")
		if err := app.Save(users[name]); err != nil {
			t.Fatal(err)
		}
		w.ids[name] = users[name].Id
		w.users[name] = users[name].Id
		w.headers[name] = authAs(t, users[name])
	}
	p := newSpace(t, app, nil, "p", schema.VisibilityPrivate)
	u := newSpace(t, app, nil, "u", schema.VisibilityPublic)
	q := newSpace(t, app, nil, "q", schema.VisibilityPrivate)
	w.ids["P"], w.ids["U"], w.ids["Q"] = p.Id, u.Id, q.Id
	for _, role := range []string{owner, admin, editor, viewer} {
		w.ids["m-"+role] = addMembership(t, app, p, users[role], role).Id
	}
	w.ids["m-peer"] = addMembership(t, app, p, users["peer"], schema.RoleViewer).Id
	w.ids["m-other-u"] = addMembership(t, app, u, users[other], schema.RoleOwner).Id
	w.ids["m-other-q"] = addMembership(t, app, q, users[other], schema.RoleOwner).Id
	w.ids["i-invitee"] = newInvitation(t, app, p, "invitee@folio.test", schema.RoleEditor, "t1", time.Hour).Id
	w.ids["i-nobody"] = newInvitation(t, app, p, "nobody@folio.test", schema.RoleViewer, "t2", time.Hour).Id
	w.ids["i-q"] = newInvitation(t, app, q, "someone@folio.test", schema.RoleViewer, "t3", time.Hour).Id
	if err := app.ClearBootstrap(); err != nil { // flush and close the databases: they are copied next
		t.Fatal(err)
	}
	return w
}

// clone is a fresh copy of the seeded app with Folio's hooks, one per cell.
func (w *world) clone(t testing.TB) *tests.TestApp {
	app, err := tests.NewTestApp(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := hooks.Register(app); err != nil {
		t.Fatal(err)
	}
	return app
}

// request builds the cell's HTTP request.
func (w *world) request(t *testing.T, r row, role string) (string, string, map[string]any) {
	base := "/api/collections/" + r.collection + "/records"
	target := w.ids[r.target]
	switch r.target {
	case "self":
		target = w.users[role]
		if role == guest {
			target = "guest-has-no-record"
		}
	case "own":
		target = w.ids["m-"+role]
		if role == other {
			target = w.ids["m-other-u"]
		}
		if target == "" {
			target = "no-membership-of-" + role
		}
	}
	switch r.op {
	case "list":
		return http.MethodGet, base + "?perPage=500", nil
	case "view":
		return http.MethodGet, base + "/" + target, nil
	case "delete":
		return http.MethodDelete, base + "/" + target, nil
	case "update":
		return http.MethodPatch, base + "/" + target, w.updateBody(r)
	case "create":
		return http.MethodPost, base, w.createBody(r)
	}
	t.Fatalf("unknown op %q", r.op)
	return "", "", nil
}

func (w *world) createBody(r row) map[string]any {
	switch r.target {
	case "sign-up":
		return map[string]any{"email": "new@folio.test", "password": testapp.TestPassword, "passwordConfirm": testapp.TestPassword}
	case "new-space":
		return map[string]any{"name": "New", "slug": "new"}
	case "stranger-as-viewer":
		return map[string]any{"space": w.ids["P"], "user": w.ids[stranger], "role": schema.RoleViewer}
	case "stranger-as-owner":
		return map[string]any{"space": w.ids["P"], "user": w.ids[stranger], "role": schema.RoleOwner}
	case "new-invitation":
		return map[string]any{"space": w.ids["P"], "email": "new@folio.test", "role": schema.RoleViewer}
	}
	return nil
}

func (w *world) updateBody(r row) map[string]any {
	switch r.collection {
	case "users", "spaces":
		return map[string]any{"name": "Renamed"}
	case "memberships":
		if r.target == "m-owner" {
			return map[string]any{"role": schema.RoleAdmin}
		}
		return map[string]any{"role": schema.RoleEditor}
	}
	return map[string]any{"role": schema.RoleEditor}
}

// check verifies what a list shows (exactly the expected fixtures) and, for users, that nobody
// but the user itself sees more than id, name and avatar.
func (w *world) check(t testing.TB, r row, role string, want expect, res *http.Response) {
	if want.status != 200 {
		return
	}
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if r.op == "list" {
		var page struct{ Items []map[string]any }
		if err := json.Unmarshal(raw, &page); err != nil {
			t.Fatal(err)
		}
		items = page.Items
		got, exp := []string{}, slices.Clone(want.sees)
		for _, it := range items {
			got = append(got, w.name(it["id"].(string)))
		}
		slices.Sort(got)
		slices.Sort(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("%s sees %v, want %v", role, got, exp)
		}
	} else {
		var one map[string]any
		if err := json.Unmarshal(raw, &one); err != nil {
			t.Fatal(err)
		}
		items = []map[string]any{one}
	}
	if r.collection == "users" && r.op != "create" {
		for _, it := range items {
			checkUserFields(t, role, it, it["id"] == w.users[role])
		}
	}
}

func checkUserFields(t testing.TB, role string, user map[string]any, self bool) {
	if self {
		if user[schema.UserEmail] == nil || user[schema.UserLocale] == nil || user[schema.UserVerified] == nil {
			t.Errorf("%s does not see its own email, locale and verified: %v", role, user)
		}
		return
	}
	for k := range user {
		if !slices.Contains(publicUserKeys, k) {
			t.Errorf("%s sees %q of another member (%v)", role, k, user)
		}
	}
	if user[schema.UserName] == nil {
		t.Errorf("%s does not see another member's name: %v", role, user)
	}
}

func (w *world) name(id string) string {
	for n, v := range w.ids {
		if v == id {
			return n
		}
	}
	return id
}
