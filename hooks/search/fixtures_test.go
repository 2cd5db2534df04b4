package search_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// world is a fresh app with three spaces and one user per kind of caller:
//   - "public" (public) and "private" (private), where editor is an editor and viewer a viewer;
//   - "other" (private), owned by outsider, a member of no other space;
//   - stranger is signed in and a member of nothing; superuser is a superuser.
type world struct {
	app    *tests.TestApp
	spaces map[string]*core.Record
	users  map[string]*core.Record
	tokens map[string]string // by caller; "guest" has none
}

func newWorld(t testing.TB, app *tests.TestApp) *world {
	t.Helper()
	w := &world{app: app, spaces: map[string]*core.Record{}, users: map[string]*core.Record{}, tokens: map[string]string{}}
	for _, name := range []string{"editor", "viewer", "outsider", "stranger"} {
		u := testapp.CreateUser(t, app, name+"@example.com", name)
		w.users[name] = u
		w.tokens[name] = testapp.Token(t, u)
	}
	su, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	root := core.NewRecord(su)
	root.SetEmail("root@example.com")
	root.SetPassword(testapp.TestPassword)
	if err := app.Save(root); err != nil {
		t.Fatal(err)
	}
	w.tokens["superuser"] = testapp.Token(t, root)
	for slug, visibility := range map[string]string{"public": schema.VisibilityPublic, "private": schema.VisibilityPrivate, "other": schema.VisibilityPrivate} {
		w.spaces[slug] = testapp.CreateRecord(t, app, schema.CollectionSpaces, map[string]any{
			schema.SpaceSlug: slug, schema.SpaceName: slug, schema.SpaceVisibility: visibility,
			schema.SpaceSourceLocale: "en", schema.SpaceLocales: []string{"zh", "ja", "ko", "fr", "vi"},
		})
	}
	for _, slug := range []string{"public", "private"} {
		w.member(t, slug, "editor", schema.RoleEditor)
		w.member(t, slug, "viewer", schema.RoleViewer)
	}
	w.member(t, "other", "outsider", schema.RoleOwner)
	return w
}

func (w *world) member(t testing.TB, space, user, role string) {
	t.Helper()
	testapp.CreateRecord(t, w.app, schema.CollectionMemberships, map[string]any{
		schema.MembershipSpace: w.spaces[space].Id, schema.MembershipUser: w.users[user].Id, schema.MembershipRole: role,
	})
}

// page describes a page to save; zero fields get defaults (published, locale en).
type page struct {
	space, locale, path, title, description, body string
	tags                                          []string
	status                                        string
	publishAt, unpublishAt                        time.Time
}

// save stores p through app.Save, so every model hook runs as it does for an API write.
func (w *world) save(t testing.TB, p page) *core.Record {
	t.Helper()
	if p.locale == "" {
		p.locale = "en"
	}
	if p.status == "" {
		p.status = schema.PagePublished
	}
	if p.path == "" {
		p.path = "p/" + p.title
	}
	data := map[string]any{
		schema.PageSpace: w.spaces[p.space].Id, schema.PageLocale: p.locale, schema.PagePath: p.path,
		schema.PageTitle: p.title, schema.PageDescription: p.description, schema.PageBody: p.body,
		schema.PageTags: p.tags, schema.PageStatus: p.status,
	}
	if !p.publishAt.IsZero() {
		data[schema.PagePublishAt] = dateTime(p.publishAt)
	}
	if !p.unpublishAt.IsZero() {
		data[schema.PageUnpublishAt] = dateTime(p.unpublishAt)
	}
	return testapp.CreateRecord(t, w.app, schema.CollectionPages, data)
}

// savePublic saves each named page in the public space, at the name as its path (spaces made
// dashes), and returns the page ids by name.
func (w *world) savePublic(t testing.TB, pages map[string]page) map[string]string {
	t.Helper()
	id := map[string]string{}
	for name, p := range pages {
		p.space, p.path = "public", strings.ReplaceAll(name, " ", "-")
		id[name] = w.save(t, p).Id
	}
	return id
}

func dateTime(t time.Time) types.DateTime {
	d, _ := types.ParseDateTime(t.UTC())
	return d
}

// auth returns the request info of caller, as the route would build it.
func (w *world) auth(t testing.TB, caller string) *core.RequestInfo {
	t.Helper()
	info := &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: "GET"}
	switch caller {
	case "guest":
	case "superuser":
		root, err := w.app.FindAuthRecordByEmail(core.CollectionNameSuperusers, "root@example.com")
		if err != nil {
			t.Fatal(err)
		}
		info.Auth = root
	default:
		info.Auth = w.users[caller]
	}
	return info
}
