package search_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/search"
)

// found returns the ids of the pages a superuser finds with query, best first.
func found(t testing.TB, w *world, query string) []string {
	t.Helper()
	return foundAs(t, w, "superuser", query, search.Params{})
}

func foundAs(t testing.TB, w *world, caller, query string, p search.Params) []string {
	t.Helper()
	p.Query = query
	p.PerPage = search.MaxPerPage
	res, err := search.Search(w.app, w.auth(t, caller), p)
	if err != nil {
		t.Fatalf("search %q as %s: %v", query, caller, err)
	}
	ids := []string{}
	for _, h := range res.Items {
		ids = append(ids, h.ID)
	}
	return ids
}

func indexRows(t testing.TB, app core.App) int {
	t.Helper()
	var n int
	if err := app.DB().Select("COUNT(*)").From(schema.SearchDocsTable).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIndexFollowsPageWrites(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	p := w.save(t, page{space: "public", title: "Lighthouse keeping", body: "Trim the **wick** every evening."})
	if got := found(t, w, "wick"); !slices.Equal(got, []string{p.Id}) {
		t.Fatalf("after create, wick found %v, want [%s]", got, p.Id)
	}
	p.Set(schema.PageTitle, "Harbour pilots")
	p.Set(schema.PageTags, []string{"maritime"})
	if err := w.app.Save(p); err != nil {
		t.Fatal(err)
	}
	if got := found(t, w, "lighthouse"); len(got) != 0 {
		t.Errorf("after the title changed, the old title still finds %v", got)
	}
	for _, q := range []string{"harbour", "maritime", "wick"} {
		if got := found(t, w, q); !slices.Equal(got, []string{p.Id}) {
			t.Errorf("after update, %q found %v, want [%s]", q, got, p.Id)
		}
	}
	if err := w.app.Delete(p); err != nil {
		t.Fatal(err)
	}
	if got := found(t, w, "harbour"); len(got) != 0 {
		t.Errorf("after delete, harbour found %v", got)
	}
	if n := indexRows(t, w.app); n != 0 {
		t.Errorf("after delete the index holds %d rows", n)
	}
}

// docRow reads a page's index bookkeeping row.
func docRow(t testing.TB, app core.App, pageID string) (id int64, hash string) {
	t.Helper()
	var row struct {
		ID   int64  `db:"id"`
		Hash string `db:"content_hash"`
	}
	err := app.DB().Select(schema.SearchDocID, schema.SearchDocHash).From(schema.SearchDocsTable).
		Where(dbx.HashExp{schema.SearchDocPage: pageID}).One(&row)
	if err != nil {
		t.Fatalf("index row of %s: %v", pageID, err)
	}
	return row.ID, row.Hash
}

func TestPublishingDoesNotRewriteTheIndex(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	p := w.save(t, page{space: "public", title: "Tide tables", body: "High water at noon.", status: schema.PageDraft})
	id, hash := docRow(t, w.app, p.Id)
	p.Set(schema.PageStatus, schema.PagePublished)
	if err := w.app.Save(p); err != nil {
		t.Fatal(err)
	}
	if id2, hash2 := docRow(t, w.app, p.Id); id2 != id || hash2 != hash {
		t.Errorf("publishing rewrote the index row: (%d, %s) → (%d, %s)", id, hash, id2, hash2)
	}
	p.Set(schema.PageBody, "Low water at dusk.")
	if err := w.app.Save(p); err != nil {
		t.Fatal(err)
	}
	if _, hash3 := docRow(t, w.app, p.Id); hash3 == hash {
		t.Error("a body change left the index hash as it was")
	}
	if got := found(t, w, "dusk"); !slices.Equal(got, []string{p.Id}) {
		t.Errorf("dusk found %v", got)
	}
}

func TestDeletingASpaceUnindexesItsPages(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	w.save(t, page{space: "other", title: "Ferry timetable", body: "Boats leave hourly."})
	keep := w.save(t, page{space: "public", title: "Ferry fares", body: "Cash only."})
	if err := w.app.Delete(w.spaces["other"]); err != nil {
		t.Fatal(err)
	}
	if got := found(t, w, "ferry"); !slices.Equal(got, []string{keep.Id}) {
		t.Errorf("after the space was deleted, ferry found %v, want [%s]", got, keep.Id)
	}
	if n := indexRows(t, w.app); n != 1 {
		t.Errorf("the index holds %d rows, want 1", n)
	}
}

func dropIndexTable(t testing.TB, app core.App) {
	t.Helper()
	if _, err := app.DB().NewQuery("DROP TABLE " + schema.SearchIndexTable).Execute(); err != nil {
		t.Fatal(err)
	}
}

func TestFailedIndexWriteRollsBackThePageWrite(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	kept := w.save(t, page{space: "public", title: "Anchor chains", body: "Galvanised steel."})
	dropIndexTable(t, w.app)

	c, _ := w.app.FindCollectionByNameOrId(schema.CollectionPages)
	r := core.NewRecord(c)
	r.Load(map[string]any{schema.PageSpace: w.spaces["public"].Id, schema.PageLocale: "en",
		schema.PagePath: "buoys", schema.PageTitle: "Buoys", schema.PageStatus: schema.PagePublished})
	if err := w.app.Save(r); err == nil {
		t.Fatal("saving a page without a search index succeeded")
	}
	if n, _ := w.app.CountRecords(schema.CollectionPages, dbx.HashExp{schema.PagePath: "buoys"}); n != 0 {
		t.Errorf("the page whose index write failed was stored (%d rows)", n)
	}

	kept.Set(schema.PageTitle, "Anchor cables")
	if err := w.app.Save(kept); err == nil {
		t.Fatal("updating a page without a search index succeeded")
	}
	stored, err := w.app.FindRecordById(schema.CollectionPages, kept.Id)
	if err != nil {
		t.Fatal(err)
	}
	if stored.GetString(schema.PageTitle) != "Anchor chains" || stored.GetInt(schema.PageRevision) != 1 {
		t.Errorf("the update whose index write failed was stored: title %q, revision %d",
			stored.GetString(schema.PageTitle), stored.GetInt(schema.PageRevision))
	}
	if err := w.app.Delete(stored); err == nil {
		t.Fatal("deleting a page without a search index succeeded")
	}
	if _, err := w.app.FindRecordById(schema.CollectionPages, kept.Id); err != nil {
		t.Errorf("the delete whose index write failed went through: %v", err)
	}
}

func TestRolledBackPageWriteLeavesNoIndexRow(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	boom := errors.New("import aborted")
	err := w.app.RunInTransaction(func(tx core.App) error {
		c, _ := tx.FindCollectionByNameOrId(schema.CollectionPages)
		r := core.NewRecord(c)
		r.Load(map[string]any{schema.PageSpace: w.spaces["public"].Id, schema.PageLocale: "en",
			schema.PagePath: "gulls", schema.PageTitle: "Gulls", schema.PageBody: "Seabirds of the pier.",
			schema.PageStatus: schema.PagePublished})
		if err := tx.Save(r); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("transaction: %v", err)
	}
	if n := indexRows(t, w.app); n != 0 {
		t.Errorf("a rolled-back create left %d index rows", n)
	}
	if got := found(t, w, "seabirds"); len(got) != 0 {
		t.Errorf("a rolled-back create is searchable: %v", got)
	}

	p := w.save(t, page{space: "public", title: "Pelicans", body: "Large bills."})
	err = w.app.RunInTransaction(func(tx core.App) error {
		r, err := tx.FindRecordById(schema.CollectionPages, p.Id)
		if err != nil {
			return err
		}
		if err := tx.Delete(r); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("transaction: %v", err)
	}
	if got := found(t, w, "pelicans"); !slices.Equal(got, []string{p.Id}) {
		t.Errorf("after a rolled-back delete, pelicans found %v", got)
	}
}

func TestReindexRepairsWritesMadeBehindFoliosBack(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	a := w.save(t, page{space: "public", title: "Knots", body: "A bowline holds."})
	w.save(t, page{space: "private", title: "Sails", body: "Reef early."})
	// The SQL console or sqlite3 bypass every hook.
	if _, err := w.app.DB().Update(schema.CollectionPages, dbx.Params{schema.PageTitle: "Splices"},
		dbx.HashExp{"id": a.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.DB().Delete(schema.SearchDocsTable, dbx.HashExp{schema.SearchDocPage: a.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	if got := found(t, w, "splices"); len(got) != 0 {
		t.Fatalf("the out-of-band title is searchable before reindexing: %v", got)
	}
	n, err := search.Reindex(w.app)
	if err != nil || n != 2 {
		t.Fatalf("Reindex = %d, %v; want 2 pages", n, err)
	}
	if got := found(t, w, "splices"); !slices.Equal(got, []string{a.Id}) {
		t.Errorf("after reindex, splices found %v", got)
	}
	if got := found(t, w, "knots"); len(got) != 0 {
		t.Errorf("after reindex, the old title still finds %v", got)
	}
	if n := indexRows(t, w.app); n != 2 {
		t.Errorf("the index holds %d rows, want 2", n)
	}
}

func TestReindexCommand(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	w.save(t, page{space: "public", title: "Compass", body: "North is up."})
	cmd := search.Command(w.app)
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"reindex"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "Indexed 1 pages in ") {
		t.Errorf("output %q", out.String())
	}
	if got := found(t, w, "compass"); len(got) != 1 {
		t.Errorf("after the command, compass found %v", got)
	}
	if size, err := search.IndexSize(w.app); err != nil || size < 4096 {
		t.Errorf("IndexSize = %d, %v", size, err)
	}
}

func TestMarkupIsNotIndexed(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	p := w.save(t, page{space: "public", title: "Signals", description: "Flags and lamps.",
		body: "Read the [semaphore guide](https://example.org/hiddenpath) first.\n\n" +
			"<!-- translator note: quartermaster -->\n\n![lamp](lantern-image.png)\n"})
	for _, q := range []string{"semaphore", "flags", "lamp"} {
		if got := found(t, w, q); !slices.Equal(got, []string{p.Id}) {
			t.Errorf("%q found %v, want the page", q, got)
		}
	}
	for _, q := range []string{"hiddenpath", "example", "quartermaster", "lantern"} {
		if got := found(t, w, q); len(got) != 0 {
			t.Errorf("%q (markup, not text) found %v", q, got)
		}
	}
}

// TestEditsKeepTheIndexWhole: an edit rewrites the page's index rows in place, keeps them when
// only markup changed (the indexed text is the same), and puts back an FTS row that was deleted
// behind Folio's back.
func TestEditsKeepTheIndexWhole(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	p := w.save(t, page{space: "public", title: "Knots", body: "A **bowline** holds."})
	edit := func(body string) {
		t.Helper()
		p.Set(schema.PageBody, body)
		if err := w.app.Save(p); err != nil {
			t.Fatal(err)
		}
	}
	id, hash := docRow(t, w.app, p.Id)
	edit("A *bowline* holds.")
	if id2, hash2 := docRow(t, w.app, p.Id); id2 != id || hash2 != hash {
		t.Errorf("a markup-only edit rewrote the index row: (%d, %s) → (%d, %s)", id, hash, id2, hash2)
	}
	edit("A clove hitch slips.")
	if id2, hash2 := docRow(t, w.app, p.Id); id2 != id || hash2 == hash {
		t.Errorf("an edit left the index row (%d, %s) as (%d, %s)", id, hash, id2, hash2)
	}
	if got := found(t, w, "bowline"); len(got) != 0 {
		t.Errorf("after the edit, the old body still finds %v", got)
	}
	if got := found(t, w, "clove"); !slices.Equal(got, []string{p.Id}) {
		t.Errorf("after the edit, clove found %v", got)
	}
	if _, err := w.app.DB().Delete(schema.SearchIndexTable, dbx.HashExp{"rowid": id}).Execute(); err != nil {
		t.Fatal(err)
	}
	edit("A sheet bend joins.")
	if got := found(t, w, "sheet"); !slices.Equal(got, []string{p.Id}) {
		t.Errorf("after an edit with no FTS row, sheet found %v", got)
	}
	if n := indexRows(t, w.app); n != 1 {
		t.Errorf("the index holds %d rows, want 1", n)
	}
}
