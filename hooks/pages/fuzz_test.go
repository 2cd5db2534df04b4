package pages_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/internal/pagepath"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// FuzzPageSave saves pages with arbitrary paths, bodies and tags through the real save path
// (one app for the whole run): every save either fails with a validation error or stores a
// normalized path, sanitized html, revision 1 and link rows that point into the space.
func FuzzPageSave(f *testing.F) {
	app := testapp.New(f)
	space := testapp.CreateRecord(f, app, schema.CollectionSpaces, map[string]any{
		schema.SpaceSlug: "fuzz", schema.SpaceName: "Fuzz", schema.SpaceVisibility: schema.VisibilityPublic, schema.SpaceSourceLocale: "en",
	})
	f.Add("Knowledge-base/Dictionary/backend", "# Title {#x}\n[a](../b) [c](/ko/d#e)\n<script>alert(1)</script>", "api")
	f.Add("/ 백엔드 //プログラム/", "<img src=x onerror=alert(1)>\n[x](javascript:alert(1))", " 가 ")
	f.Add("a/../b", "[[x]]", "")
	f.Fuzz(func(t *testing.T, path, body, tag string) {
		r := newPage(t, app, space.Id, path, body, tag)
		if err := app.Save(r); err != nil {
			if _, normErr := pagepath.Normalize(path); normErr != nil && !strings.Contains(err.Error(), "path") {
				t.Fatalf("path %q is invalid (%v) but the error does not name it: %v", path, normErr, err)
			}
			return // a bad path, a duplicate of an earlier input, or a tag over the limits
		}
		want, err := pagepath.Normalize(path)
		if err != nil || r.GetString(schema.PagePath) != want {
			t.Fatalf("saved path %q for %q (normalize: %q, %v)", r.GetString(schema.PagePath), path, want, err)
		}
		if bad := unsafeHTML(r.GetString(schema.PageHTML)); bad != "" {
			t.Fatalf("html keeps %s: %s", bad, r.GetString(schema.PageHTML))
		}
		if r.GetInt(schema.PageRevision) != 1 {
			t.Fatalf("revision %d", r.GetInt(schema.PageRevision))
		}
		links, err := app.FindRecordsByFilter(schema.CollectionPageLinks, "page = {:p}", "", 0, 0, map[string]any{"p": r.Id})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			if l.GetString(schema.PageLinkSpace) != space.Id {
				t.Fatalf("link row outside the space: %v", l.PublicExport())
			}
			if _, err := pagepath.Normalize(l.GetString(schema.PageLinkToPath)); err != nil {
				t.Fatalf("link to a path that cannot exist: %q", l.GetString(schema.PageLinkToPath))
			}
		}
	})
}

func newPage(t *testing.T, app *tests.TestApp, space, path, body, tag string) *core.Record {
	t.Helper()
	c, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Load(map[string]any{
		schema.PageSpace: space, schema.PageLocale: "en", schema.PagePath: path, schema.PageTitle: "T",
		schema.PageBody: body, schema.PageTags: []string{tag}, schema.PageStatus: schema.PagePublished,
	})
	return r
}
