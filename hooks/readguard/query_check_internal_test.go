package readguard

import (
	"net/url"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/schema"
	_ "folio/migrations"
)

// newSchemaApp is a fresh app with Folio's migrations (the guard reads only the schema).
func newSchemaApp(t testing.TB) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	return app
}

// BenchmarkCheckQuery is the guard's own cost on a records request: one filter with four
// conditions over two collections, a two-field sort and an expand.
//
//	go test ./hooks/readguard -run '^$' -bench CheckQuery -count 6
func BenchmarkCheckQuery(b *testing.B) {
	app := newSchemaApp(b)
	c, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		b.Fatal(err)
	}
	q := url.Values{"filter": {"space = 'abc' && status = 'published' && title ~ 'Page' && space.visibility = 'public'"},
		"sort": {"-created,path"}, "expand": {"space,author"}}
	for b.Loop() {
		if err := checkQuery(app, c, q); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCheckPathDepth(t *testing.T) {
	app := newSchemaApp(t)
	c, _ := app.FindCachedCollectionByNameOrId(schema.CollectionComments)
	for path, ok := range map[string]bool{
		"page.space.name":                       true,
		"parent.parent.parent.page.title":       true,
		"page.extra.a.b.c":                      true,
		"body:lower":                            true,
		"page:length":                           true,
		"page.title:lower":                      true,
		"page:lower.title":                      false,
		"page.space.memberships_via_space.role": false,
		"page.author.email":                     false,
		"page.nope":                             false,
		"body.title":                            false,
		"parent.parent.parent.parent.parent.parent.parent.body": false,
	} {
		if err := checkPath(app, c, path); (err == nil) != ok {
			t.Errorf("%s: allowed %v, want %v (%v)", path, err == nil, ok, err)
		}
	}
}
