package navigation_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/navigation"
	"folio/hooks/schema"
)

// checkTreeExact compares the tree route's answer with the tree built from what the pages
// rule lets PocketBase read right now, for an editor, a viewer and a guest, in en and ko,
// whole and one level under docs.
func checkTreeExact(t *testing.T, f *fixture, space *core.Record, step string) {
	t.Helper()
	for _, caller := range []string{"editor", "viewer", "guest"} {
		for _, locale := range []string{"en", "ko"} {
			for _, q := range []struct {
				path  string
				depth int
			}{{"", 64}, {"docs", 1}} {
				res := f.do(t, http.MethodGet, "/api/folio/spaces/"+space.Id+"/tree?locale="+locale+"&path="+q.path+"&depth="+itoa(q.depth), caller, nil)
				if res.Status != http.StatusOK {
					t.Fatalf("%s: %s tree: %d %s", step, caller, res.Status, res.Raw)
				}
				raw, err := navigation.TreeByRule(f.app, f.callerInfo(t, caller), space, locale, q.path, q.depth)
				if err != nil {
					t.Fatal(err)
				}
				var want map[string]any
				if err := json.Unmarshal(raw, &want); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(res.Body["items"], want["items"]) || !reflect.DeepEqual(res.Body["page"], want["page"]) {
					t.Fatalf("%s: %s's %s tree under %q differs from the pages rule's:\n got %s\nwant %s", step, caller, locale, q.path, res.Raw, raw)
				}
			}
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestSnapshotStaysExact writes to the pages of a space in every way Folio and PocketBase allow
// — the records API, Go code, a move, plain SQL, a transaction rolled back — and after each
// checks that the tree answers exactly what the pages rule gives, and that the kept snapshot
// follows the space's navigation version (reads alone keep it; a committed write replaces it).
func TestSnapshotStaysExact(t *testing.T) {
	f := newFixture(t)
	space := f.spaces["public"]
	version := func() string {
		v, err := navigation.SpaceVersion(f.app, space.Id)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	kept := func(step string) {
		t.Helper()
		v, size, ok := navigation.KeptSnapshot(f.app, space.Id)
		if !ok || v != version() || size <= 0 {
			t.Fatalf("%s: kept snapshot %q (%v, %d bytes), space version %q", step, v, ok, size, version())
		}
	}
	checkTreeExact(t, f, space, "start")
	kept("start")
	v := version()
	checkTreeExact(t, f, space, "reads only")
	if version() != v {
		t.Fatal("reads moved the navigation version")
	}
	live := f.pages["public/en/docs/live"]
	patch := func(field string, value any) func(t *testing.T) {
		return func(t *testing.T) {
			head, err := f.app.FindRecordById(schema.CollectionPages, live.Id)
			if err != nil {
				t.Fatal(err)
			}
			res := f.do(t, http.MethodPatch, "/api/collections/pages/records/"+live.Id, "editor",
				map[string]any{field: value, "base_revision": head.GetInt(schema.PageRevision)})
			if res.Status != http.StatusOK {
				t.Fatalf("patch %s: %d %s", field, res.Status, res.Raw)
			}
		}
	}
	soon := time.Now().UTC().Add(time.Hour).Format("2006-01-02 15:04:05.000Z")
	past := time.Now().UTC().Add(-time.Hour).Format("2006-01-02 15:04:05.000Z")
	steps := []struct {
		name  string
		write func(t *testing.T)
	}{
		{"create through the records API", func(t *testing.T) {
			res := f.do(t, http.MethodPost, "/api/collections/pages/records", "editor", map[string]any{
				schema.PageSpace: space.Id, schema.PageLocale: "en", schema.PagePath: "docs/new", schema.PageTitle: "New",
				schema.PageBody: "# New\n", schema.PageStatus: schema.PagePublished})
			if res.Status != http.StatusOK {
				t.Fatalf("create: %d %s", res.Status, res.Raw)
			}
		}},
		{"create through app.Save", func(t *testing.T) { f.createPage(t, "public", "ko", "docs/new", "live", nil) }},
		{"title", patch(schema.PageTitle, "Live, retitled")},
		{"link_title", patch(schema.PageLinkTitle, "Menu name")},
		{"weight", patch(schema.PageWeight, 99)},
		{"render never", patch(schema.PageRender, schema.RenderNever)},
		{"render always", patch(schema.PageRender, schema.RenderAlways)},
		{"status draft", patch(schema.PageStatus, schema.PageDraft)},
		{"status published", patch(schema.PageStatus, schema.PagePublished)},
		{"publish_at ahead", patch(schema.PagePublishAt, soon)},
		{"publish_at cleared", patch(schema.PagePublishAt, "")},
		{"unpublish_at passed", patch(schema.PageUnpublishAt, past)},
		{"unpublish_at cleared", patch(schema.PageUnpublishAt, "")},
		{"path", patch(schema.PagePath, "docs/live-moved")},
		{"locale", patch(schema.PageLocale, "ja")},
		{"translation_state through app.Save", func(t *testing.T) {
			p, err := f.app.FindRecordById(schema.CollectionPages, f.pages["public/ko/docs/live"].Id)
			if err != nil {
				t.Fatal(err)
			}
			p.Set(schema.PageTranslationState, schema.TranslationOutdated)
			p.Set(schema.PageTitle, "ko live, outdated")
			if err := f.app.Save(p); err != nil {
				t.Fatal(err)
			}
		}},
		{"delete through the records API", func(t *testing.T) {
			res := f.do(t, http.MethodDelete, "/api/collections/pages/records/"+f.pages["public/en/docs/window"].Id, "owner", nil)
			if res.Status != http.StatusNoContent {
				t.Fatalf("delete: %d %s", res.Status, res.Raw)
			}
		}},
		{"move of a subtree with its translations", func(t *testing.T) {
			res := f.do(t, http.MethodPost, "/api/folio/pages/"+f.pages["public/en/docs"].Id+"/move", "editor",
				map[string]any{"path": "guide", "subtree": true, "translations": true})
			if res.Status != http.StatusOK {
				t.Fatalf("move: %d %s", res.Status, res.Raw)
			}
		}},
		{"move back", func(t *testing.T) {
			res := f.do(t, http.MethodPost, "/api/folio/pages/"+f.pages["public/en/docs"].Id+"/move", "editor",
				map[string]any{"path": "docs", "subtree": true, "translations": true})
			if res.Status != http.StatusOK {
				t.Fatalf("move back: %d %s", res.Status, res.Raw)
			}
		}},
		{"plain SQL over many pages", func(t *testing.T) {
			_, err := f.app.DB().NewQuery("UPDATE {{pages}} SET [[title]] = 'Set by SQL', [[weight]] = 3 WHERE [[space]] = {:space} AND [[locale]] = 'en'").
				Bind(dbx.Params{"space": space.Id}).Execute()
			if err != nil {
				t.Fatal(err)
			}
		}},
		{"a page of another space moved in by SQL", func(t *testing.T) {
			_, err := f.app.DB().NewQuery("UPDATE {{pages}} SET [[space]] = {:space}, [[path]] = 'docs/arrived' WHERE [[id]] = {:id}").
				Bind(dbx.Params{"space": space.Id, "id": f.pages["private/en/docs/live"].Id}).Execute()
			if err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, s := range steps {
		before := version()
		built, advanced := navigation.SnapshotCounts()
		s.write(t)
		if version() == before {
			t.Fatalf("%s: the navigation version did not move", s.name)
		}
		checkTreeExact(t, f, space, s.name)
		kept(s.name)
		// A write of a page or two is followed by reading those pages again, never all of them.
		if built2, advanced2 := navigation.SnapshotCounts(); !strings.HasPrefix(s.name, "move") && !strings.HasPrefix(s.name, "plain SQL") &&
			(built2 != built || advanced2 == advanced) {
			t.Errorf("%s: the snapshot was built from every page %d times and advanced %d times, want advanced only",
				s.name, built2-built, advanced2-advanced)
		}
	}

	// Changes the log no longer holds (as past its kept window) rebuild the snapshot from
	// every page, as exact.
	f.createPage(t, "public", "en", "docs/forgotten", "live", nil)
	if _, err := f.app.DB().NewQuery("DELETE FROM {{" + schema.NavigationChangesTable + "}}").Execute(); err != nil {
		t.Fatal(err)
	}
	built, _ := navigation.SnapshotCounts()
	checkTreeExact(t, f, space, "changes no longer logged")
	if now, _ := navigation.SnapshotCounts(); now == built {
		t.Error("changes no longer logged: the snapshot was not built again")
	}
	// A page whose id changes (plain SQL) leaves its old id's row.
	if _, err := f.app.DB().NewQuery("UPDATE {{pages}} SET [[id]] = 'renamedbysql000' WHERE [[id]] = {:id}").
		Bind(dbx.Params{"id": f.pages["public/en/docs/forgotten"].Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	checkTreeExact(t, f, space, "a page's id changed by SQL")
	kept("a page's id changed by SQL")

	// A transaction that writes, reads the tree inside, and rolls back leaves the version, the
	// kept snapshot and the tree as they were.
	before := version()
	rollback := errors.New("rolled back on purpose")
	err := f.app.RunInTransaction(func(tx core.App) error {
		p, err := tx.FindRecordById(schema.CollectionPages, f.pages["public/en/docs/live"].Id)
		if err != nil {
			return err
		}
		p.Set(schema.PageTitle, "Never committed")
		if err := tx.Save(p); err != nil {
			return err
		}
		if _, err := navigation.ReadableIds(tx, f.callerInfo(t, "viewer"), space, true); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatalf("transaction: %v", err)
	}
	if version() != before {
		t.Fatal("a rolled-back write moved the navigation version")
	}
	checkTreeExact(t, f, space, "after a rollback")
	kept("after a rollback")
}

// TestSnapshotFollowsThePublishWindow: a page whose publish_at passes appears and one whose
// unpublish_at passes goes, with no write in between — the window is judged per request.
func TestSnapshotFollowsThePublishWindow(t *testing.T) {
	f := newFixture(t)
	space := f.spaces["public"]
	at := time.Now().UTC().Add(1500 * time.Millisecond)
	coming := f.createPage(t, "public", "en", "docs/coming", "live", map[string]any{schema.PagePublishAt: dt(at)})
	going := f.createPage(t, "public", "en", "docs/going", "live", map[string]any{schema.PageUnpublishAt: dt(at)})
	ids := func() map[string]bool {
		res := f.do(t, http.MethodGet, "/api/folio/spaces/"+space.Id+"/tree?path=docs", "viewer", nil)
		if res.Status != http.StatusOK {
			t.Fatalf("tree: %d %s", res.Status, res.Raw)
		}
		got := map[string]bool{}
		treeIds(res.Body["items"].([]any), got)
		return got
	}
	got := ids()
	if _, ok := got[coming.Id]; ok {
		t.Fatal("a page before its publish_at is in the tree")
	}
	if _, ok := got[going.Id]; !ok {
		t.Fatal("a page before its unpublish_at is missing from the tree")
	}
	v, _, _ := navigation.KeptSnapshot(f.app, space.Id)
	time.Sleep(time.Until(at) + 100*time.Millisecond)
	got = ids()
	if _, ok := got[coming.Id]; !ok {
		t.Fatal("a page past its publish_at is missing from the tree")
	}
	if _, ok := got[going.Id]; ok {
		t.Fatal("a page past its unpublish_at is still in the tree")
	}
	if now, _, _ := navigation.KeptSnapshot(f.app, space.Id); now != v {
		t.Fatal("the snapshot was rebuilt with no write")
	}
	checkTreeExact(t, f, space, "after the window moved")
}

// TestSnapshotNeedsTheVersionTriggers: a pages table without the version triggers (dropped and
// created again) is never read through a snapshot, which nothing would keep exact.
func TestSnapshotNeedsTheVersionTriggers(t *testing.T) {
	f := newFixture(t)
	space := f.spaces["public"]
	checkTreeExact(t, f, space, "with the triggers")
	for _, name := range []string{"insert", "update", "delete"} {
		if _, err := f.app.DB().NewQuery("DROP TRIGGER [[" + schema.NavigationVersionsTable + "_" + name + "]]").Execute(); err != nil {
			t.Fatal(err)
		}
	}
	col, err := f.app.FindCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.app.Save(col); err != nil { // the collection changes, as a dashboard import changes it
		t.Fatal(err)
	}
	before, _ := navigation.SpaceVersion(f.app, space.Id)
	f.createPage(t, "public", "en", "docs/unversioned", "live", nil)
	if after, _ := navigation.SpaceVersion(f.app, space.Id); after != before {
		t.Fatal("the version moved with no trigger")
	}
	checkTreeExact(t, f, space, "without the triggers")
}
