package translations_test

import (
	"net/http"
	"os"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// reports is a seeded app used as a template for the route scenarios (each runs on a copy), with
// the ids of its pages by "<space>/<path>/<locale>" and the callers' Authorization headers.
//
// Space docs (private):
//   - guide/install: en published, edited once (head 2); ko published, made from revision 1
//     (outdated); ja a draft made from 2 (current); zh published, made from 2 (current).
//   - guide/upgrade: en a draft; ko published (current).
//   - guide/backup: en published, no translation.
//   - guide/old: ko published, no source (orphaned).
//
// Space handbook (public): guide/install in en (published) and ko (a draft).
type reports struct {
	dir     string
	ids     map[string]string
	headers map[string]map[string]string
}

const upgradeDraftTitle = "Upgrading Folio (unreleased)"

func seedReports(t *testing.T) *reports {
	f := buildFixture(t, testapp.NewUnmanaged(t))
	r := &reports{dir: f.app.DataDir(), ids: map[string]string{}, headers: map[string]map[string]string{}}
	t.Cleanup(func() { os.RemoveAll(r.dir) })
	draft := map[string]any{schema.PageStatus: schema.PageDraft}
	add := func(space, path, locale string, page *core.Record) { r.ids[space+"/"+path+"/"+locale] = page.Id }

	en := f.page(t, "docs", "en", "guide/install", nil)
	add("docs", "guide/install", "en", en)
	add("docs", "guide/install", "ko", f.page(t, "docs", "ko", "guide/install", nil))
	en.Set(schema.PageBody, guide["en"].body+"\nBack up pb_data before every upgrade.\n")
	if err := f.app.Save(en); err != nil { // a Go edit is never minor
		t.Fatal(err)
	}
	add("docs", "guide/install", "ja", f.page(t, "docs", "ja", "guide/install", draft))
	add("docs", "guide/install", "zh", f.page(t, "docs", "zh", "guide/install", nil))
	add("docs", "guide/upgrade", "en", f.page(t, "docs", "en", "guide/upgrade", map[string]any{schema.PageStatus: schema.PageDraft, schema.PageTitle: upgradeDraftTitle}))
	add("docs", "guide/upgrade", "ko", f.page(t, "docs", "ko", "guide/upgrade", map[string]any{schema.PageTitle: "Folio 업그레이드"}))
	add("docs", "guide/backup", "en", f.page(t, "docs", "en", "guide/backup", map[string]any{schema.PageTitle: "Backing up Folio"}))
	add("docs", "guide/old", "ko", f.page(t, "docs", "ko", "guide/old", map[string]any{schema.PageTitle: "옛 문서"}))
	add("handbook", "guide/install", "en", f.page(t, "handbook", "en", "guide/install", nil))
	add("handbook", "guide/install", "ko", f.page(t, "handbook", "ko", "guide/install", draft))
	for slug, s := range f.spaces {
		r.ids[slug] = s.Id
	}
	for name, u := range f.users {
		r.headers[name] = map[string]string{"Authorization": testapp.Token(t, u)}
	}
	if err := f.app.ClearBootstrap(); err != nil { // flush and close: the files are copied next
		t.Fatal(err)
	}
	return r
}

// run runs one scenario on a fresh copy of the seeded app. The reports only read: no record
// event may fire.
func (r *reports) run(t *testing.T, caller string, s tests.ApiScenario) {
	t.Helper()
	s.Method = http.MethodGet
	s.Headers = r.headers[caller]
	s.ExpectedEvents = map[string]int{"OnRecordCreate": 0, "OnRecordUpdate": 0, "OnRecordDelete": 0}
	s.TestAppFactory = func(t testing.TB) *tests.TestApp {
		app, err := tests.NewTestApp(r.dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := hooks.Register(app); err != nil {
			t.Fatal(err)
		}
		return app
	}
	s.Test(t)
}

func TestSpaceReportRules(t *testing.T) {
	r := seedReports(t)
	docs := "/api/folio/spaces/" + r.ids["docs"] + "/translations"
	notFound := []string{`"status":404`}
	for _, c := range []struct {
		caller  string
		url     string
		status  int
		content []string
		absent  []string
	}{
		{guest, docs, 404, notFound, []string{"guide/"}},
		{stranger, docs, 404, notFound, []string{"guide/"}},
		{outsider, docs, 404, notFound, []string{"guide/"}},
		// A viewer counts published pages only: the ja draft and the en draft of guide/upgrade
		// are not there, so guide/upgrade has no readable source.
		{viewer, docs, 200, []string{
			`"source_pages":2`,
			`{"locale":"en","source":true,"pages":2,"current":0,"outdated":0,"orphaned":0,"missing":0,"coverage":100,`,
			`{"locale":"ko","source":false,"pages":3,"current":1,"outdated":1,"orphaned":1,"missing":1,"coverage":0,`,
			`{"locale":"ja","source":false,"pages":0,"current":0,"outdated":0,"orphaned":0,"missing":2,"coverage":0,`,
			`{"locale":"zh","source":false,"pages":1,"current":1,"outdated":0,"orphaned":0,"missing":1,"coverage":50,`,
			`"id":"` + r.ids["docs/guide/install/ko"] + `","locale":"ko","path":"guide/install","title":"Folio 설치하기","status":"published","revision":1,"source_revision":1,"translation_state":"outdated","source_head":2}`,
			`"orphaned_pages":[{"id":"` + r.ids["docs/guide/old/ko"] + `"`,
		}, []string{guide["ja"].title, upgradeDraftTitle, r.ids["docs/guide/upgrade/en"], r.ids["docs/guide/install/ja"]}},
		{editor, docs, 200, []string{
			`"source_pages":3`,
			`{"locale":"ko","source":false,"pages":3,"current":1,"outdated":1,"orphaned":1,"missing":1,"coverage":33.3,`,
			`{"locale":"ja","source":false,"pages":1,"current":1,"outdated":0,"orphaned":0,"missing":2,"coverage":33.3,`,
			`{"locale":"zh","source":false,"pages":1,"current":1,"outdated":0,"orphaned":0,"missing":2,"coverage":33.3,`,
			upgradeDraftTitle,
		}, nil},
		{owner, docs, 200, []string{`"source_pages":3`, upgradeDraftTitle}, nil},
		{superuser, docs, 200, []string{`"source_pages":3`, upgradeDraftTitle}, nil},
		// A public space is open to guests, with its published pages only.
		{guest, "/api/folio/spaces/" + r.ids["handbook"] + "/translations", 200, []string{
			`{"locale":"ko","source":false,"pages":0,"current":0,"outdated":0,"orphaned":0,"missing":1,"coverage":0,`,
		}, []string{r.ids["handbook/guide/install/ko"]}},
		{editor, "/api/folio/spaces/nosuchspace0000/translations", 404, notFound, nil},
	} {
		t.Run(c.caller+" "+c.url, func(t *testing.T) {
			r.run(t, c.caller, tests.ApiScenario{URL: c.url, ExpectedStatus: c.status, ExpectedContent: c.content, NotExpectedContent: c.absent})
		})
	}
}

func TestPageReportRules(t *testing.T) {
	r := seedReports(t)
	url := func(key string) string { return "/api/folio/pages/" + r.ids[key] + "/translations" }
	notFound := []string{`"status":404`}
	ko := url("docs/guide/install/ko")
	for _, c := range []struct {
		name, caller, url string
		status            int
		content, absent   []string
	}{
		{"guest", guest, ko, 404, notFound, []string{"guide/"}},
		{"stranger", stranger, ko, 404, notFound, []string{"guide/"}},
		{"other space", outsider, ko, 404, notFound, []string{"guide/"}},
		{"viewer on a draft", viewer, url("docs/guide/install/ja"), 404, notFound, []string{"guide/"}},
		// The viewer sees the published pages of the group and the source's diff for ko.
		{"viewer", viewer, ko, 200, []string{
			`"source":"` + r.ids["docs/guide/install/en"] + `"`,
			`"missing":["ja"]`,
			`"translation_state":"outdated","diff":{"from":1,"to":2,`,
			`+Back up pb_data before every upgrade.`,
		}, []string{r.ids["docs/guide/install/ja"], guide["ja"].title}},
		// A source the viewer may not read is neither named nor diffed.
		{"viewer, draft source", viewer, url("docs/guide/upgrade/ko"), 200, []string{
			`"source":""`, `"missing":["en","ja","zh"]`, `"translation_state":"current"`,
		}, []string{r.ids["docs/guide/upgrade/en"], upgradeDraftTitle, `"diff"`}},
		{"editor, draft source", editor, url("docs/guide/upgrade/ko"), 200, []string{
			`"source":"` + r.ids["docs/guide/upgrade/en"] + `"`, upgradeDraftTitle, `"missing":["ja","zh"]`,
		}, nil},
		{"editor", editor, ko, 200, []string{r.ids["docs/guide/install/ja"], `"missing":[]`}, nil},
		{"superuser", superuser, ko, 200, []string{r.ids["docs/guide/install/ja"], `"missing":[]`}, nil},
		{"orphan", viewer, url("docs/guide/old/ko"), 200, []string{`"source":""`, `"translation_state":"orphaned"`}, []string{`"diff"`}},
		{"public, guest", guest, url("handbook/guide/install/en"), 200, []string{`"missing":["ko","ja","zh"]`},
			[]string{r.ids["handbook/guide/install/ko"]}},
		{"public draft, guest", guest, url("handbook/guide/install/ko"), 404, notFound, nil},
		{"no such page", editor, "/api/folio/pages/nosuchpage00000/translations", 404, notFound, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r.run(t, c.caller, tests.ApiScenario{URL: c.url, ExpectedStatus: c.status, ExpectedContent: c.content, NotExpectedContent: c.absent})
		})
	}
}
