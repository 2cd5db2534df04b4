package translations_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// Our own small multilingual knowledge base: one guide page written in English (the source)
// and translated into Korean, Japanese and Chinese.
var guide = map[string]struct{ title, body string }{
	"en": {"Installing Folio", "# Installing Folio\n\nDownload the binary and run `folio serve`.\n\nData is kept in pb_data.\n"},
	"ko": {"Folio 설치하기", "# Folio 설치하기\n\n바이너리를 내려받아 `folio serve`를 실행합니다.\n\n데이터는 pb_data에 저장됩니다.\n"},
	"ja": {"Folio のインストール", "# Folio のインストール\n\nバイナリをダウンロードして `folio serve` を実行します。\n\nデータは pb_data に保存されます。\n"},
	"zh": {"安装 Folio", "# 安装 Folio\n\n下载二进制文件并运行 `folio serve`。\n\n数据保存在 pb_data 中。\n"},
}

// The roles of the fixture's callers: the three roles of space "docs" (private) and "handbook"
// (public), the owner of space "other" only, a signed-in user of no space, a guest and a
// superuser.
const (
	owner     = "owner"
	editor    = "editor"
	viewer    = "viewer"
	outsider  = "outsider"
	stranger  = "stranger"
	guest     = "guest"
	superuser = "superuser"
)

type fixture struct {
	app      *tests.TestApp
	users    map[string]*core.Record
	spaces   map[string]*core.Record
	h        http.Handler
	requests int
}

// newFixture builds a fresh app with the spaces docs (private), handbook (public) and other
// (private, owned by outsider), all written in en with translations into ko, ja and zh.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	return buildFixture(t, testapp.New(t))
}

func buildFixture(t testing.TB, app *tests.TestApp) *fixture {
	t.Helper()
	f := &fixture{app: app, users: map[string]*core.Record{}, spaces: map[string]*core.Record{}}
	for _, name := range []string{owner, editor, viewer, outsider, stranger} {
		f.users[name] = testapp.CreateUser(t, app, name+"@folio.test", name)
	}
	su := core.NewRecord(mustCollection(t, app, core.CollectionNameSuperusers))
	su.SetEmail("root@folio.test")
	su.SetPassword(testapp.TestPassword)
	if err := app.Save(su); err != nil {
		t.Fatal(err)
	}
	f.users[superuser] = su
	for slug, visibility := range map[string]string{"docs": schema.VisibilityPrivate, "handbook": schema.VisibilityPublic, "other": schema.VisibilityPrivate} {
		f.spaces[slug] = testapp.CreateRecord(t, app, schema.CollectionSpaces, map[string]any{
			schema.SpaceSlug: slug, schema.SpaceName: slug, schema.SpaceVisibility: visibility,
			schema.SpaceSourceLocale: "en", schema.SpaceLocales: []string{"en", "ko", "ja", "zh"},
		})
	}
	for _, slug := range []string{"docs", "handbook"} {
		for _, role := range []string{owner, editor, viewer} {
			f.member(t, slug, role, role)
		}
	}
	f.member(t, "other", outsider, schema.RoleOwner)
	return f
}

func (f *fixture) member(t testing.TB, space, user, role string) {
	t.Helper()
	testapp.CreateRecord(t, f.app, schema.CollectionMemberships, map[string]any{
		schema.MembershipSpace: f.spaces[space].Id, schema.MembershipUser: f.users[user].Id, schema.MembershipRole: role,
	})
}

// page creates a published page of the guide in locale at path through Go (the model hooks
// run, no API rule applies); extra fields override the defaults.
func (f *fixture) page(t testing.TB, space, locale, path string, extra map[string]any) *core.Record {
	t.Helper()
	data := map[string]any{
		schema.PageSpace: f.spaces[space].Id, schema.PageLocale: locale, schema.PagePath: path,
		schema.PageTitle: guide[locale].title, schema.PageBody: guide[locale].body, schema.PageStatus: schema.PagePublished,
	}
	for k, v := range extra {
		data[k] = v
	}
	return testapp.CreateRecord(t, f.app, schema.CollectionPages, data)
}

// group creates the guide at path in every locale, the source first.
func (f *fixture) group(t testing.TB, space, path string) map[string]*core.Record {
	t.Helper()
	out := map[string]*core.Record{}
	for _, l := range []string{"en", "ko", "ja", "zh"} {
		out[l] = f.page(t, space, l, path, nil)
	}
	return out
}

// fresh reloads a page from the database.
func (f *fixture) fresh(t testing.TB, page *core.Record) *core.Record {
	t.Helper()
	r, err := f.app.FindRecordById(schema.CollectionPages, page.Id)
	if err != nil {
		t.Fatalf("reload page %s: %v", page.Id, err)
	}
	return r
}

// wantState fails unless page is stored with state and source_revision sr.
func (f *fixture) wantState(t testing.TB, page *core.Record, state string, sr int) {
	t.Helper()
	r := f.fresh(t, page)
	if got, gotSr := r.GetString(schema.PageTranslationState), r.GetInt(schema.PageSourceRevision); got != state || gotSr != sr {
		t.Fatalf("%s page at %s: state %q source_revision %d, want %q %d",
			r.GetString(schema.PageLocale), r.GetString(schema.PagePath), got, gotSr, state, sr)
	}
}

// revisionCount counts the revisions of page.
func (f *fixture) revisionCount(t testing.TB, page *core.Record) int {
	t.Helper()
	recs, err := f.app.FindRecordsByFilter(schema.CollectionRevisions, "page = {:p}", "", 0, 0, map[string]any{"p": page.Id})
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

// handler builds the app's HTTP handler once.
func (f *fixture) handler(t testing.TB) http.Handler {
	t.Helper()
	if f.h == nil {
		f.h = testapp.Handler(t, f.app)
	}
	return f.h
}

// response is a decoded JSON answer.
type response = testapp.Response

// do sends one JSON request as caller (guest sends no token).
func (f *fixture) do(t testing.TB, method, url, caller string, body any) response {
	t.Helper()
	// One client address per request, so PocketBase's rate limiter never slows the tests.
	addr := fmt.Sprintf("10.9.%d.%d:1234", (f.requests>>8)&255, f.requests&255)
	f.requests++
	token := ""
	if u := f.users[caller]; u != nil {
		token = testapp.Token(t, u)
	}
	return testapp.Do(t, f.handler(t), method, url, token, addr, body)
}

// patch updates a page through the records API as caller.
func (f *fixture) patch(t testing.TB, page *core.Record, caller string, body map[string]any) response {
	t.Helper()
	return f.do(t, http.MethodPatch, "/api/collections/pages/records/"+page.Id, caller, body)
}

// editSource changes the body of a page through the API at its head revision, minor or not.
func (f *fixture) editSource(t testing.TB, page *core.Record, body string, minor bool) {
	t.Helper()
	head := f.fresh(t, page).GetInt(schema.PageRevision)
	res := f.patch(t, page, editor, map[string]any{"body": body, "base_revision": head, "minor": minor})
	if res.Status != http.StatusOK {
		t.Fatalf("edit source: %d %s", res.Status, res.Raw)
	}
}

func mustCollection(t testing.TB, app core.App, name string) *core.Collection {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
