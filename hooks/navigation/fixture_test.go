package navigation_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// Callers of the rule matrix: the four roles of the spaces "private" and "public", a member of
// another space only, a signed-in user with no space, a guest, and a superuser.
var callers = []string{"owner", "admin", "editor", "viewer", "outsider", "stranger", "guest", "superuser"}

// Page kinds each fixture space holds under docs/; only live, window and the translations'
// sources are readable to viewers. headless is rendered never.
var pageKinds = []string{"live", "draft", "future", "expired", "window", "headless"}

type fixture struct {
	app      *tests.TestApp
	h        http.Handler
	users    map[string]*core.Record
	tokens   map[string]string
	spaces   map[string]*core.Record
	pages    map[string]*core.Record // "<space>/<locale>/<path>"
	requests int
}

// newFixture builds spaces "private", "public" (owner, admin, editor, viewer each) and "other"
// (owned by outsider), with en pages docs/<kind> for every kind, an en section page docs, and ko
// translations of docs and docs/live only.
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
	c, _ := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	su := core.NewRecord(c)
	su.SetEmail("root@example.com")
	su.SetPassword(testapp.TestPassword)
	if err := app.Save(su); err != nil {
		t.Fatal(err)
	}
	f.tokens["superuser"] = testapp.Token(t, su)
	for _, s := range []struct{ slug, visibility string }{{"private", schema.VisibilityPrivate}, {"public", schema.VisibilityPublic}, {"other", schema.VisibilityPrivate}} {
		f.spaces[s.slug] = testapp.CreateRecord(t, app, schema.CollectionSpaces, map[string]any{
			schema.SpaceSlug: s.slug, schema.SpaceName: s.slug, schema.SpaceVisibility: s.visibility,
			schema.SpaceSourceLocale: "en", schema.SpaceLocales: []string{"ko", "ja"},
		})
	}
	for _, slug := range []string{"private", "public"} {
		for _, role := range []string{"owner", "admin", "editor", "viewer"} {
			testapp.CreateRecord(t, app, schema.CollectionMemberships, map[string]any{
				schema.MembershipSpace: f.spaces[slug].Id, schema.MembershipUser: f.users[role].Id, schema.MembershipRole: role})
		}
	}
	testapp.CreateRecord(t, app, schema.CollectionMemberships, map[string]any{
		schema.MembershipSpace: f.spaces["other"].Id, schema.MembershipUser: f.users["outsider"].Id, schema.MembershipRole: schema.RoleOwner})
	for _, slug := range []string{"private", "public", "other"} {
		f.createPage(t, slug, "en", "docs", "live", nil)
		for i, kind := range pageKinds {
			f.createPage(t, slug, "en", "docs/"+kind, kind, map[string]any{schema.PageWeight: len(pageKinds) - i})
		}
		f.createPage(t, slug, "ko", "docs", "live", nil)
		f.createPage(t, slug, "ko", "docs/live", "live", map[string]any{schema.PageBody: "[window](/ko/docs/window) [nowhere](/ko/docs/nowhere)"})
	}
	f.h = testapp.Handler(t, app)
	return f
}

// createPage saves a page through Go (model hooks run, no API rule applies) in the publish
// state kind names, with extra fields on top.
func (f *fixture) createPage(t testing.TB, space, locale, path, kind string, extra map[string]any) *core.Record {
	t.Helper()
	now := time.Now().UTC()
	data := map[string]any{
		schema.PageSpace: f.spaces[space].Id, schema.PageLocale: locale, schema.PagePath: path,
		schema.PageTitle: kind + " " + path, schema.PageBody: "# " + kind + "\n", schema.PageStatus: schema.PagePublished,
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
	case "headless":
		data[schema.PageRender] = schema.RenderNever
	}
	for k, v := range extra {
		data[k] = v
	}
	p := testapp.CreateRecord(t, f.app, schema.CollectionPages, data)
	f.pages[space+"/"+locale+"/"+path] = p
	return p
}

func dt(t time.Time) types.DateTime {
	d, _ := types.ParseDateTime(t)
	return d
}

// do sends one request as caller ("guest" sends no token), each from its own client address.
func (f *fixture) do(t testing.TB, method, url, caller string, body any) testapp.Response {
	t.Helper()
	addr := fmt.Sprintf("10.%d.%d.%d:1234", (f.requests>>16)&255, (f.requests>>8)&255, f.requests&255)
	f.requests++
	return testapp.Do(t, f.h, method, url, f.tokens[caller], addr, body)
}

// canRead is the pages read rule in words: writers of the space and superusers read all;
// everyone else reads only live, rendered pages, in a public space or as a viewer.
func canRead(caller, space, kind string) bool {
	switch {
	case caller == "superuser":
		return true
	case space == "other":
		return caller == "outsider"
	case isWriter(caller):
		return true
	case kind != "live" && kind != "window":
		return false
	}
	return space == "public" || caller == "viewer"
}

// canViewSpace is the spaces view rule in words.
func canViewSpace(caller, space string) bool {
	switch space {
	case "public":
		return true
	case "other":
		return caller == "outsider" || caller == "superuser"
	}
	return caller == "superuser" || isWriter(caller) || caller == "viewer"
}

func isWriter(caller string) bool {
	return caller == "owner" || caller == "admin" || caller == "editor"
}
