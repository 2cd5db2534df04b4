package pages_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/testapp"
	"folio/hooks/pages"
	"folio/hooks/schema"
)

// includeFixture adds to the public space a snippet (en snip/note), two en pages including it,
// a ko page including it (there is no ko snippet: it falls back to the en one) and an en page
// including the first includer (a nested include).
func includeFixture(t *testing.T) (*fixture, *core.Record, []*core.Record) {
	t.Helper()
	f := newFixture(t)
	page := func(locale, path, body string) *core.Record {
		return testapp.CreateRecord(t, f.app, schema.CollectionPages, map[string]any{
			schema.PageSpace: f.spaces["public"].Id, schema.PageLocale: locale, schema.PagePath: path,
			schema.PageTitle: path, schema.PageBody: body, schema.PageStatus: schema.PagePublished})
	}
	snippet := page("en", "snip/note", "SNIPPET-ONE")
	includers := []*core.Record{
		page("en", "docs/a", "A {{< include \"/snip/note\" >}}"),
		page("en", "docs/b", "{{% include \"../snip/note\" %}} B"),
		page("ko", "docs/c", "{{< include \"/snip/note\" >}}"),
		page("en", "docs/d", "{{< include \"/docs/a\" >}}"),
	}
	for _, p := range includers {
		if !strings.Contains(p.GetString(schema.PageHTML), "SNIPPET-ONE") {
			t.Fatalf("%s does not show the snippet when created: %s", p.GetString(schema.PagePath), p.GetString(schema.PageHTML))
		}
	}
	return f, snippet, includers
}

func htmlOf(t *testing.T, f *fixture, p *core.Record) string {
	t.Helper()
	var html string
	if err := f.app.DB().Select(schema.PageHTML).From(schema.CollectionPages).Where(dbx.HashExp{"id": p.Id}).Row(&html); err != nil {
		t.Fatal(err)
	}
	return html
}

// TestIncludersRenderAgain: editing the included page renders its includers again in the same
// transaction — nested ones and a translation that falls back to it included — and deleting it
// does too; the includers are found through page_includes, not by reading bodies.
func TestIncludersRenderAgain(t *testing.T) {
	f, snippet, includers := includeFixture(t)
	var rows int
	_ = f.app.DB().NewQuery("SELECT count(*) FROM page_includes WHERE path = 'snip/note'").Row(&rows)
	if rows != 4 { // a, b (en), c (ko, asking for ko snip/note) and d (through a)
		t.Fatalf("page_includes rows naming snip/note: %d, want 4", rows)
	}
	snippet.Set(schema.PageBody, "SNIPPET-TWO")
	if err := f.app.Save(snippet); err != nil {
		t.Fatal(err)
	}
	for _, p := range includers {
		if html := htmlOf(t, f, p); !strings.Contains(html, "SNIPPET-TWO") || strings.Contains(html, "SNIPPET-ONE") {
			t.Errorf("%s after the snippet's edit: %s", p.GetString(schema.PagePath), html)
		}
	}
	// A re-render is no new revision: the includer's own content did not change.
	if fresh, _ := f.app.FindRecordById(schema.CollectionPages, includers[0].Id); fresh.GetInt(schema.PageRevision) != 1 {
		t.Errorf("the includer's revision is %d, want 1", fresh.GetInt(schema.PageRevision))
	}
	if err := f.app.Delete(snippet); err != nil {
		t.Fatal(err)
	}
	for _, p := range includers {
		if html := htmlOf(t, f, p); strings.Contains(html, "SNIPPET") {
			t.Errorf("%s still shows the deleted snippet: %s", p.GetString(schema.PagePath), html)
		}
	}
}

// TestIncludersPastTheBound: past maxRerenderInTx the remaining includers are rendered again
// after the commit, in the background; every one shows the new text within a few seconds.
func TestIncludersPastTheBound(t *testing.T) {
	f, snippet, includers := includeFixture(t)
	pages.SetMaxRerenderInTx(t, 1)
	release := pages.HoldBackgroundRerender(t)
	snippet.Set(schema.PageBody, "SNIPPET-THREE")
	if err := f.app.Save(snippet); err != nil {
		t.Fatal(err)
	}
	now := 0
	for _, p := range includers {
		if strings.Contains(htmlOf(t, f, p), "SNIPPET-THREE") {
			now++
		}
	}
	if now != 1 {
		t.Errorf("%d includers rendered in the edit's transaction, want 1 (the bound)", now)
	}
	release()
	deadline := time.Now().Add(10 * time.Second)
	for _, p := range includers {
		for !strings.Contains(htmlOf(t, f, p), "SNIPPET-THREE") {
			if time.Now().After(deadline) {
				t.Fatalf("%s never rendered again: %s", p.GetString(schema.PagePath), htmlOf(t, f, p))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// TestBackgroundRerenderStopsOnTerminate: the app's terminate stops the re-rendering left for
// after a commit before its next page and waits for it, so nothing writes to a database being
// closed; the pages not reached keep their html.
func TestBackgroundRerenderStopsOnTerminate(t *testing.T) {
	f, snippet, includers := includeFixture(t)
	pages.SetMaxRerenderInTx(t, 1)
	release := pages.HoldBackgroundRerender(t)
	snippet.Set(schema.PageBody, "SNIPPET-FOUR")
	if err := f.app.Save(snippet); err != nil {
		t.Fatal(err)
	}
	terminated := make(chan error, 1)
	go func() {
		terminated <- f.app.OnTerminate().Trigger(&core.TerminateEvent{App: f.app}, func(e *core.TerminateEvent) error { return nil })
	}()
	select {
	case <-terminated:
		t.Fatal("terminate returned while a background run was in hand")
	case <-time.After(200 * time.Millisecond):
	}
	release()
	select {
	case err := <-terminated:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("terminate never returned")
	}
	rendered := 0
	for _, p := range includers {
		if strings.Contains(htmlOf(t, f, p), "SNIPPET-FOUR") {
			rendered++
		}
	}
	if rendered != 1 {
		t.Errorf("%d includers show the new text after terminate, want only the one rendered in the edit's transaction", rendered)
	}
}

// TestIncluderLookupUsesTheAddressIndex: the statement a body change reads its includers and
// redirects with finds each address through page_includes' (space, path) index, never by
// scanning the space's rows.
func TestIncluderLookupUsesTheAddressIndex(t *testing.T) {
	f, snippet, _ := includeFixture(t)
	db := f.app.NonconcurrentDB().(*dbx.DB)
	var lookup string
	prev := db.QueryLogFunc
	db.QueryLogFunc = func(ctx context.Context, d time.Duration, sql string, rows *sql.Rows, err error) {
		if strings.HasPrefix(sql, "SELECT '' AS") {
			lookup = sql
		}
	}
	snippet.Set(schema.PageBody, "SNIPPET-TWO")
	err := f.app.Save(snippet)
	db.QueryLogFunc = prev
	if err != nil {
		t.Fatal(err)
	}
	if lookup == "" {
		t.Fatal("the save read no includers")
	}
	var plan []struct {
		Detail string `db:"detail"`
	}
	if err := f.app.DB().NewQuery("EXPLAIN QUERY PLAN " + lookup).All(&plan); err != nil {
		t.Fatal(err)
	}
	indexed := false
	for _, p := range plan {
		if strings.Contains(p.Detail, "page_includes") {
			indexed = strings.Contains(p.Detail, "(space=? AND path=?)")
			if !indexed {
				t.Errorf("page_includes is read as %q, want through (space, path)", p.Detail)
			}
		}
	}
	if !indexed {
		t.Errorf("no plan step reads page_includes through (space, path): %+v", plan)
	}
}

// TestIncludesShowOnlyLivePages: a page's html is one text for all its readers, so an include
// shows a page only while every reader of the includer may read it — while it is published and
// inside its publish window. A draft, a scheduled and an expired page are not shown (through a
// redirect either), to guests over the API or in the stored html; when such a page goes live,
// or stops being live — by an edit or when the scheduler applies its window — its includers
// are rendered again. An includer that is itself a draft shows the same. A published page
// rendered never (a headless snippet) is shown: it is made to be included.
func TestIncludesShowOnlyLivePages(t *testing.T) {
	f := newFixture(t)
	now := time.Now().UTC()
	page := func(path, body string, data map[string]any) *core.Record {
		fields := map[string]any{schema.PageSpace: f.spaces["public"].Id, schema.PageLocale: "en",
			schema.PagePath: path, schema.PageTitle: path, schema.PageBody: body, schema.PageStatus: schema.PagePublished}
		for k, v := range data {
			fields[k] = v
		}
		return testapp.CreateRecord(t, f.app, schema.CollectionPages, fields)
	}
	snippets := map[string]*core.Record{
		"draft":    page("snip/draft", "SECRET-DRAFT", map[string]any{schema.PageStatus: schema.PageDraft}),
		"future":   page("snip/future", "SECRET-FUTURE", map[string]any{schema.PagePublishAt: dt(now.Add(time.Hour))}),
		"expired":  page("snip/expired", "SECRET-EXPIRED", map[string]any{schema.PageUnpublishAt: dt(now.Add(-time.Hour))}),
		"live":     page("snip/live", "SHOWN-LIVE", nil),
		"window":   page("snip/window", "SHOWN-WINDOW", map[string]any{schema.PageUnpublishAt: dt(now.Add(time.Hour))}),
		"headless": page("snip/headless", "SHOWN-HEADLESS", map[string]any{schema.PageRender: schema.RenderNever}),
		"redirect": page("snip/old", "SECRET-MOVED", map[string]any{schema.PageStatus: schema.PageDraft}),
	}
	snippets["redirect"].Set(schema.PagePath, "snip/new")
	if err := f.app.Save(snippets["redirect"]); err != nil {
		t.Fatal(err)
	}
	body := "{{< include \"/snip/draft\" >}}\n\n{{< include \"/snip/future\" >}}\n\n{{< include \"/snip/expired\" >}}\n\n" +
		"{{< include \"/snip/live\" >}}\n\n{{< include \"/snip/window\" >}}\n\n{{< include \"/snip/old\" >}}\n\n" +
		"{{< include \"/snip/headless\" >}}\n"
	includer := page("docs/includer", body, nil)
	draftIncluder := page("docs/draft-includer", body, map[string]any{schema.PageStatus: schema.PageDraft})
	guestHTML := func() string {
		res := f.do(t, http.MethodGet, "/api/collections/pages/records/"+includer.Id, "guest", nil)
		if res.Status != 200 {
			t.Fatalf("guest reading the includer: %d %v", res.Status, res.Body)
		}
		return fmt.Sprint(res.Body[schema.PageHTML])
	}
	check := func(when string, shown, hidden []string) {
		t.Helper()
		for _, html := range []string{guestHTML(), htmlOf(t, f, includer), htmlOf(t, f, draftIncluder)} {
			for _, s := range shown {
				if !strings.Contains(html, s) {
					t.Errorf("%s: %s is not shown: %s", when, s, html)
				}
			}
			for _, s := range hidden {
				if strings.Contains(html, s) {
					t.Errorf("%s: %s is shown: %s", when, s, html)
				}
			}
		}
	}
	check("created", []string{"SHOWN-LIVE", "SHOWN-WINDOW", "SHOWN-HEADLESS"}, []string{"SECRET-DRAFT", "SECRET-FUTURE", "SECRET-EXPIRED", "SECRET-MOVED"})

	// An edit that publishes a page shows it; one that makes it a draft again hides it.
	snippets["draft"].Set(schema.PageStatus, schema.PagePublished)
	if err := f.app.Save(snippets["draft"]); err != nil {
		t.Fatal(err)
	}
	check("published", []string{"SECRET-DRAFT"}, nil)
	snippets["draft"].Set(schema.PageStatus, schema.PageDraft)
	if err := f.app.Save(snippets["draft"]); err != nil {
		t.Fatal(err)
	}
	check("a draft again", nil, []string{"SECRET-DRAFT"})

	// The scheduler opens one window and closes another: both includers follow.
	setColumn(t, f, snippets["future"].Id, schema.PagePublishAt, time.Now().Add(-time.Second))
	setColumn(t, f, snippets["window"].Id, schema.PageUnpublishAt, time.Now().Add(-time.Second))
	if n, err := pages.ApplySchedule(f.app, time.Now()); err != nil || n != 2 {
		t.Fatalf("ApplySchedule changed %d pages (%v), want 2", n, err)
	}
	check("windows applied", []string{"SECRET-FUTURE", "SHOWN-LIVE"}, []string{"SHOWN-WINDOW", "SECRET-DRAFT"})
}

// TestUnchangedRerenderWritesNothing: editing a draft that a published page includes renders
// the includer to the same html, so nothing is written — its updated time stays and its
// readers get no event, which would tell them that something hidden changed; nor is a page
// including the includer. Publishing the draft changes both, which are written and sent.
func TestUnchangedRerenderWritesNothing(t *testing.T) {
	f := newFixture(t)
	page := func(path, body, status string) *core.Record {
		return testapp.CreateRecord(t, f.app, schema.CollectionPages, map[string]any{
			schema.PageSpace: f.spaces["public"].Id, schema.PageLocale: "en", schema.PagePath: path,
			schema.PageTitle: path, schema.PageBody: body, schema.PageStatus: status})
	}
	draft := page("snip/hidden", "HIDDEN-ONE", schema.PageDraft)
	includer := page("docs/includer", "{{< include \"/snip/hidden\" >}}", schema.PagePublished)
	nested := page("docs/nested", "{{< include \"/docs/includer\" >}}", schema.PagePublished)
	updated := func() string {
		var stamps []string
		for _, p := range []*core.Record{includer, nested} {
			fresh, err := f.app.FindRecordById(schema.CollectionPages, p.Id)
			if err != nil {
				t.Fatal(err)
			}
			stamps = append(stamps, fresh.GetString(schema.PageUpdated))
		}
		return strings.Join(stamps, " ")
	}
	before := updated()
	viewer := f.subscribe(t, "viewer")
	time.Sleep(5 * time.Millisecond) // a write now would stamp another millisecond
	draft.Set(schema.PageBody, "HIDDEN-TWO")
	if err := f.app.Save(draft); err != nil {
		t.Fatal(err)
	}
	if got := updated(); got != before {
		t.Errorf("the includers were written again (updated %s, were %s) for a change no reader of them sees", got, before)
	}
	if got := viewer.next(t, includer.Id, 300*time.Millisecond); got != "" {
		t.Errorf("the includer's reader got %q for a change it does not see", got)
	}
	draft.Set(schema.PageStatus, schema.PagePublished)
	if err := f.app.Save(draft); err != nil {
		t.Fatal(err)
	}
	if got := viewer.next(t, includer.Id, 2*time.Second); got != "update" {
		t.Errorf("the includer's reader got %q when the included page was published, want update", got)
	}
	for _, p := range []*core.Record{includer, nested} {
		if html := htmlOf(t, f, p); !strings.Contains(html, "HIDDEN-TWO") {
			t.Errorf("%s does not show the published page: %s", p.GetString(schema.PagePath), html)
		}
	}
}
