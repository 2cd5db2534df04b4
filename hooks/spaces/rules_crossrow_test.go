package spaces_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// The role checks must bind the role to the membership of the space in question, not to any of
// the caller's memberships. The rule matrix cannot tell: none of its callers holds different
// roles in two spaces. Here "split" is a viewer of A and the owner of B, and "adminA" an admin of
// A and the owner of B: what only their role in B allows is refused on A and goes through on B.
// TestCrossRowRulesAreCaught then loosens the migrated rules so that the role is taken from any
// of the caller's memberships, and checks that every guard cell fails: the cells can see the
// mistake they are there to prevent.

// crossCell is one request and its outcome; guard marks the cells that a rule taking the role
// from another membership would get wrong (a refusal it allows, a list it shows more of).
type crossCell struct {
	caller, collection, op, target string
	status                         int
	sees                           []string // for a list: exactly these fixtures
	guard                          bool
}

var crossCells = []crossCell{
	{"split", "spaces", "update", "A", 404, nil, true},
	{"split", "spaces", "update", "B", 200, nil, false},
	{"split", "spaces", "delete", "A", 404, nil, true},
	{"adminA", "spaces", "update", "A", 200, nil, false},
	{"adminA", "spaces", "delete", "A", 404, nil, true},
	{"adminA", "spaces", "delete", "B", 204, nil, false},
	{"split", "memberships", "create", "A", 400, nil, true},
	{"split", "memberships", "create", "B", 403, nil, false}, // the rule lets an owner of B through; adding another user directly is refused (invite instead)
	{"split", "memberships", "update", "m-viewerA", 404, nil, true},
	{"split", "memberships", "update", "m-viewerB", 200, nil, false},
	{"split", "memberships", "delete", "m-viewerA", 404, nil, true},
	{"split", "memberships", "delete", "m-viewerB", 204, nil, false},
	{"split", "memberships", "list", "", 200, []string{"m-ownerA", "m-adminA", "m-viewerA", "m-splitA", "m-splitB", "m-adminA-B", "m-viewerB"}, false},
	{"split", "invitations", "list", "", 200, []string{"i-B"}, true},
	{"split", "invitations", "view", "i-A", 404, nil, true},
	{"split", "invitations", "view", "i-B", 200, nil, false},
	{"split", "invitations", "create", "A", 400, nil, true},
	{"split", "invitations", "create", "B", 200, nil, false},
	{"split", "invitations", "delete", "i-A", 404, nil, true},
	{"split", "invitations", "delete", "i-B", 204, nil, false},
}

func TestRulesBindRoleToTheSpacesMembership(t *testing.T) {
	w := seedCrossWorld(t)
	for _, c := range crossCells {
		t.Run(c.caller+"/"+c.collection+"/"+c.op+"/"+c.target, func(t *testing.T) {
			if msg := w.runCross(t, c, nil); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// TestCrossRowRulesAreCaught runs the cells against rules that test the space on one of the
// caller's memberships and the role on any other: every guard cell must then fail, and every
// other cell still pass (the loosened rules only allow more).
func TestCrossRowRulesAreCaught(t *testing.T) {
	w := seedCrossWorld(t)
	for _, c := range crossCells {
		t.Run(c.caller+"/"+c.collection+"/"+c.op+"/"+c.target, func(t *testing.T) {
			msg := w.runCross(t, c, loosenRoles)
			if c.guard && msg == "" {
				t.Error("a rule that takes the role from any membership passes this cell too: it cannot catch that mistake")
			}
			if !c.guard && msg != "" {
				t.Errorf("loosened rules: %s", msg)
			}
		})
	}
}

var roleTest = regexp.MustCompile(`@request\.auth\.memberships_via_user\.role \?= ("\w+")`)

// loosenRoles rewrites each role test of the migrated rules to "the caller holds that role in
// some space", through a join of its own: what PocketBase would build if every
// @request.auth.memberships_via_user in a rule were a separate join.
func loosenRoles(t testing.TB, app core.App) {
	t.Helper()
	changed := 0
	for _, name := range []string{schema.CollectionSpaces, schema.CollectionMemberships, schema.CollectionInvitations} {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, rule := range []**string{&c.ListRule, &c.ViewRule, &c.CreateRule, &c.UpdateRule, &c.DeleteRule} {
			if *rule == nil || !roleTest.MatchString(**rule) {
				continue
			}
			loose := roleTest.ReplaceAllString(**rule, `(@collection.memberships:anyrole.user ?= @request.auth.id && @collection.memberships:anyrole.role ?= $1)`)
			*rule = &loose
			changed++
		}
		if err := app.Save(c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if changed < 8 { // spaces update/delete, memberships create/update/delete, invitations list/view/create/delete
		t.Fatalf("loosened only %d rules: the migrated rules no longer look as this test expects", changed)
	}
}

// seedCrossWorld seeds the world of the cells in a template app, as seedWorld does the matrix's.
func seedCrossWorld(t *testing.T) *world {
	app := testapp.NewUnmanaged(t)
	w := &world{dir: app.DataDir(), ids: map[string]string{}, users: map[string]string{}, headers: map[string]map[string]string{}}
	t.Cleanup(func() { os.RemoveAll(w.dir) })
	users := map[string]*core.Record{}
	for _, name := range []string{"ownerA", "viewerA", "split", "adminA", "viewerB", "stranger"} {
		users[name] = testapp.CreateUser(t, app, strings.ToLower(name)+"@folio.test", name)
		w.ids[name], w.users[name], w.headers[name] = users[name].Id, users[name].Id, authAs(t, users[name])
	}
	a := newSpace(t, app, users["ownerA"], "a", schema.VisibilityPrivate)
	b := newSpace(t, app, users["split"], "b", schema.VisibilityPrivate)
	w.ids["A"], w.ids["B"] = a.Id, b.Id
	w.ids["m-ownerA"] = membershipOf(t, app, a, users["ownerA"])
	w.ids["m-splitB"] = membershipOf(t, app, b, users["split"])
	w.ids["m-viewerA"] = addMembership(t, app, a, users["viewerA"], schema.RoleViewer).Id
	w.ids["m-splitA"] = addMembership(t, app, a, users["split"], schema.RoleViewer).Id
	w.ids["m-adminA"] = addMembership(t, app, a, users["adminA"], schema.RoleAdmin).Id
	w.ids["m-adminA-B"] = addMembership(t, app, b, users["adminA"], schema.RoleOwner).Id
	w.ids["m-viewerB"] = addMembership(t, app, b, users["viewerB"], schema.RoleViewer).Id
	w.ids["i-A"] = newInvitation(t, app, a, "kim@folio.test", schema.RoleViewer, "ta", time.Hour).Id
	w.ids["i-B"] = newInvitation(t, app, b, "kim@folio.test", schema.RoleViewer, "tb", time.Hour).Id
	if err := app.ClearBootstrap(); err != nil {
		t.Fatal(err)
	}
	return w
}

// membershipOf is the id of user's one membership of space.
func membershipOf(t *testing.T, app core.App, space, user *core.Record) string {
	t.Helper()
	m, err := app.FindFirstRecordByFilter(schema.CollectionMemberships, "space = {:s} && user = {:u}", map[string]any{"s": space.Id, "u": user.Id})
	if err != nil {
		t.Fatal(err)
	}
	return m.Id
}

// runCross sends the cell's request to a fresh copy of the world (after mutate, if given) and
// returns what differs from the cell's expectation ("" when nothing does).
func (w *world) runCross(t *testing.T, c crossCell, mutate func(testing.TB, core.App)) string {
	app := w.clone(t)
	defer app.Cleanup()
	if mutate != nil {
		mutate(t, app)
	}
	method, url, payload := w.crossRequest(c)
	var r io.Reader
	if payload != nil {
		r = body(t, payload)
	}
	req := httptest.NewRequest(method, url, r)
	req.Header.Set("content-type", "application/json")
	for k, v := range w.headers[c.caller] {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	testapp.Handler(t, app).ServeHTTP(rec, req)
	if rec.Code != c.status {
		return "got " + http.StatusText(rec.Code) + ", want " + http.StatusText(c.status) + ": " + rec.Body.String()
	}
	if c.op != "list" {
		return ""
	}
	var page struct{ Items []struct{ ID string } }
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, it := range page.Items {
		got = append(got, w.name(it.ID))
	}
	want := slices.Clone(c.sees)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return "sees " + strings.Join(got, ",") + ", want " + strings.Join(want, ",")
	}
	return ""
}

func (w *world) crossRequest(c crossCell) (string, string, map[string]any) {
	base := "/api/collections/" + c.collection + "/records"
	switch c.op {
	case "list":
		return http.MethodGet, base + "?perPage=100", nil
	case "view":
		return http.MethodGet, base + "/" + w.ids[c.target], nil
	case "delete":
		return http.MethodDelete, base + "/" + w.ids[c.target], nil
	case "update":
		if c.collection == "spaces" {
			return http.MethodPatch, base + "/" + w.ids[c.target], map[string]any{"name": "Renamed"}
		}
		return http.MethodPatch, base + "/" + w.ids[c.target], map[string]any{"role": schema.RoleEditor}
	}
	if c.collection == "memberships" {
		return http.MethodPost, base, map[string]any{"space": w.ids[c.target], "user": w.ids["stranger"], "role": schema.RoleViewer}
	}
	return http.MethodPost, base, map[string]any{"space": w.ids[c.target], "email": "new@folio.test", "role": schema.RoleViewer}
}
