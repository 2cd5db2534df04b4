package pages_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// Callers of the rule matrix: the four roles of the spaces "private" and "public", a member of
// another space only, a signed-in user with no space, a guest, and a superuser.
var callers = []string{"owner", "admin", "editor", "viewer", "outsider", "stranger", "guest", "superuser"}

// Page kinds each fixture space holds; only live and window are inside their publish window.
var pageKinds = []string{"live", "draft", "future", "expired", "window"}

type fixture struct {
	app    *tests.TestApp
	h      http.Handler
	users  map[string]*core.Record
	tokens map[string]string
	spaces map[string]*core.Record
	pages  map[string]*core.Record // "<space>/<kind>"

	requests int
}

// newFixture builds a fresh app with spaces "private", "public" (both with an owner, admin,
// editor and viewer) and "other" (owned by outsider), five pages of every kind in each of
// private and public, and the HTTP handler to call it.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	app := testapp.New(t)
	f := &fixture{app: app, users: map[string]*core.Record{}, tokens: map[string]string{},
		spaces: map[string]*core.Record{}, pages: map[string]*core.Record{}}
	for _, name := range []string{"owner", "admin", "editor", "viewer", "outsider", "stranger"} {
		u := testapp.CreateUser(t, app, name+"@example.com", name)
		f.users[name] = u
		f.tokens[name] = testapp.Token(t, u)
	}
	su := core.NewRecord(mustCollection(t, app, core.CollectionNameSuperusers))
	su.SetEmail("root@example.com")
	su.SetPassword(testapp.TestPassword)
	if err := app.Save(su); err != nil {
		t.Fatal(err)
	}
	f.tokens["superuser"] = testapp.Token(t, su)
	for _, s := range []struct{ slug, visibility string }{{"private", schema.VisibilityPrivate}, {"public", schema.VisibilityPublic}, {"other", schema.VisibilityPrivate}} {
		f.spaces[s.slug] = testapp.CreateRecord(t, app, schema.CollectionSpaces, map[string]any{
			schema.SpaceSlug: s.slug, schema.SpaceName: s.slug, schema.SpaceVisibility: s.visibility,
			schema.SpaceSourceLocale: "en", schema.SpaceLocales: []string{"ko", "ja", "zh"},
		})
	}
	for _, slug := range []string{"private", "public"} {
		for _, role := range []string{"owner", "admin", "editor", "viewer"} {
			f.member(t, slug, role, role)
		}
	}
	f.member(t, "other", "outsider", schema.RoleOwner)
	for _, slug := range []string{"private", "public"} {
		for _, kind := range pageKinds {
			f.pages[slug+"/"+kind] = f.createPage(t, slug, "en", "docs/"+kind, kind)
		}
	}
	f.h = testapp.Handler(t, app)
	return f
}

func (f *fixture) member(t testing.TB, space, user, role string) {
	testapp.CreateRecord(t, f.app, schema.CollectionMemberships, map[string]any{
		schema.MembershipSpace: f.spaces[space].Id, schema.MembershipUser: f.users[user].Id, schema.MembershipRole: role,
	})
}

// createPage saves a page through Go (the model hooks run, no API rule applies) in the given
// publish state.
func (f *fixture) createPage(t testing.TB, space, locale, path, kind string) *core.Record {
	t.Helper()
	now := time.Now().UTC()
	data := map[string]any{
		schema.PageSpace: f.spaces[space].Id, schema.PageLocale: locale, schema.PagePath: path,
		schema.PageTitle: kind + " page", schema.PageBody: "# " + kind + "\n\nSee [live](/docs/live) and [missing](/docs/missing).\n", schema.PageStatus: schema.PagePublished,
	}
	switch kind {
	case "draft":
		data[schema.PageStatus] = schema.PageDraft
	case "future":
		data[schema.PagePublishAt] = dt(now.Add(time.Hour))
	case "expired":
		data[schema.PageUnpublishAt] = dt(now.Add(-time.Hour))
	case "window":
		data[schema.PagePublishAt] = dt(now.Add(-time.Hour))
		data[schema.PageUnpublishAt] = dt(now.Add(time.Hour))
	}
	return testapp.CreateRecord(t, f.app, schema.CollectionPages, data)
}

func dt(t time.Time) types.DateTime {
	d, _ := types.ParseDateTime(t)
	return d
}

func mustCollection(t testing.TB, app core.App, name string) *core.Collection {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// response is a decoded JSON answer.
type response = testapp.Response

// do sends one request as caller (a key of f.tokens; "guest" sends none) through the handler.
func (f *fixture) do(t testing.TB, method, url, caller string, body any) response {
	t.Helper()
	// A client address per request: PocketBase slows empty filtered lists down when one
	// address asks too many, which would only make the rule matrix slow.
	addr := fmt.Sprintf("10.%d.%d.%d:1234", (f.requests>>16)&255, (f.requests>>8)&255, f.requests&255)
	f.requests++
	return testapp.Do(t, f.h, method, url, f.tokens[caller], addr, body)
}

// listIds lists a collection as caller with filter and returns the ids it got.
func (f *fixture) listIds(t testing.TB, collection, filter, caller string) map[string]bool {
	t.Helper()
	url := "/api/collections/" + collection + "/records?perPage=500&filter=" + urlQuery(filter)
	res := f.do(t, http.MethodGet, url, caller, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("list %s as %s: %d %s", collection, caller, res.Status, res.Raw)
	}
	ids := map[string]bool{}
	items, _ := res.Body["items"].([]any)
	for _, it := range items {
		ids[it.(map[string]any)["id"].(string)] = true
	}
	return ids
}

func urlQuery(s string) string { return url.QueryEscape(s) }

// canRead is the read rule of pages in words: writers of the space and superusers read all;
// everyone else reads only pages inside their publish window, in a public space or as a viewer.
func canRead(caller, space, kind string) bool {
	if caller == "superuser" || (space != "other" && isWriter(caller)) {
		return true
	}
	if kind != "live" && kind != "window" {
		return false
	}
	return space == "public" || caller == "viewer"
}

func isWriter(caller string) bool {
	return caller == "owner" || caller == "admin" || caller == "editor"
}

func dbxId(id string) dbx.HashExp { return dbx.HashExp{"id": id} }
