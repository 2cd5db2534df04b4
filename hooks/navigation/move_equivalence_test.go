package navigation_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tools/filesystem"

	"folio/hooks/internal/testapp"
	"folio/hooks/navigation"
	"folio/hooks/schema"
)

// moveScenario seeds, on top of the fixture, a subtree with relative and absolute links, links
// into it from outside, a ko translation of part of it (one outdated), and a ko page waiting at
// an address an en page will move to; then runs the moves.
func moveScenario(t *testing.T, f *fixture) {
	t.Helper()
	// A file a relative reference in docs/guide/a finds before the moves and another it finds after.
	for _, path := range []string{"docs/guide/pic.png", "manual/guide/pic.png"} {
		file, err := filesystem.NewFileFromBytes(tinyPNG(t), "pic.png")
		if err != nil {
			t.Fatal(err)
		}
		testapp.CreateRecord(t, f.app, schema.CollectionAttachments, map[string]any{
			schema.AttachmentSpace: f.spaces["public"].Id, schema.AttachmentPath: path, schema.AttachmentFile: file})
	}
	f.createPage(t, "public", "en", "docs/guide", "live", map[string]any{schema.PageBody: "[a](guide/a) [up](window) [top](/index)"})
	f.createPage(t, "public", "en", "docs/guide/a", "live", map[string]any{schema.PageBody: "[b](b) [parent](../guide) [abs](/docs/live) [ko](/ko/docs/guide/b) [out](/elsewhere)\n\n![pic](pic.png)"})
	f.createPage(t, "public", "en", "docs/guide/b", "live", map[string]any{schema.PageBody: "[a](a#x) [ext](https://example.com/)"})
	f.createPage(t, "public", "ko", "docs/guide/a", "live", map[string]any{schema.PageBody: "[b](b) [window](/ko/docs/window)"})
	f.createPage(t, "public", "ko", "docs/window", "live", nil)
	f.createPage(t, "public", "ko", "manual/guide/b", "live", nil)
	f.createPage(t, "public", "en", "index", "live", map[string]any{schema.PageBody: "[a](docs/guide/a) [b](/ko/docs/guide/b) [m](/manual/guide/b) [l](docs/live)"})
	// The en window changes after its ko translation: outdated.
	w := f.pages["public/en/docs/window"]
	w.Set(schema.PageBody, "# window\n\nNew text.\n")
	if err := f.app.Save(w); err != nil {
		t.Fatal(err)
	}
	for _, mv := range []struct {
		page string
		body map[string]any
	}{
		// The whole docs subtree with its translations.
		{"public/en/docs", map[string]any{"path": "guide", "subtree": true, "translations": true}},
		// The en guide pages alone: en manual/guide/b lands where a ko page waits for its source.
		{"public/en/docs/guide", map[string]any{"path": "manual/guide", "subtree": true}},
		// And back, over the redirects the first moves left.
		{"public/en/docs", map[string]any{"path": "docs", "subtree": true, "translations": true}},
		// One page to another locale.
		{"public/en/docs/live", map[string]any{"path": "docs/live-ja", "locale": "ja"}},
	} {
		res := f.do(t, http.MethodPost, "/api/folio/pages/"+f.pages[mv.page].Id+"/move", "editor", mv.body)
		if res.Status != http.StatusOK {
			t.Fatalf("move %s %v: %d %s", mv.page, mv.body, res.Status, res.Raw)
		}
	}
}

// endState describes every row a move may touch, with page ids written as the page's key in
// the fixture (ids differ between two fixtures) and times left out.
func endState(t *testing.T, f *fixture) map[string][]string {
	t.Helper()
	key := map[string]string{"": "-"}
	for k, p := range f.pages {
		key[p.Id] = k
	}
	for k, s := range f.spaces {
		key[s.Id] = "space " + k
	}
	var files []struct {
		Id   string `db:"id"`
		Path string `db:"path"`
	}
	if err := f.app.DB().NewQuery("SELECT id, path FROM attachments").All(&files); err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for _, a := range files {
		pairs = append(pairs, a.Id, "file "+a.Path)
	}
	fileIds := strings.NewReplacer(pairs...)
	out := map[string][]string{}
	query := func(name, sql string) {
		rows, err := f.app.DB().NewQuery(sql).Rows()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			parts := make([]string, len(cols))
			for i, v := range vals {
				s := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				if strings.HasSuffix(cols[i], "_id") || cols[i] == "id" {
					if k, ok := key[s]; ok {
						s = k
					}
				}
				parts[i] = cols[i] + "=" + fileIds.Replace(s)
			}
			out[name] = append(out[name], strings.Join(parts, " | "))
		}
		slices.Sort(out[name])
	}
	query("pages", `SELECT id, space AS space_id, locale, path, html, toc, translation_state, source_revision, revision, live FROM pages`)
	query("redirects", `SELECT space AS space_id, locale, path, page AS page_id FROM redirects`)
	query("page_links", `SELECT page AS page_id, href, to_locale, to_path, anchor, to_page AS to_id, fallback FROM page_links`)
	query("revisions", `SELECT page AS page_id, number, hash FROM revisions`)
	query("search", `SELECT page_id, content_hash, title_key, snippet_text FROM pages_search`)
	query("page_assets", `SELECT page AS page_id, href, kind, locale, path, alt_path,
		(SELECT path FROM attachments WHERE id = page_assets.attachment) AS attachment_path FROM page_assets`)
	query("events", `SELECT type, record AS record_id, json_extract(payload, '$.from.locale') || '/' || json_extract(payload, '$.from.path') AS from_addr,
		json_extract(payload, '$.page.path') AS path FROM events WHERE type LIKE 'page.%'`)
	query("translation_events", `SELECT type, record AS record_id, json_extract(payload, '$.page.path') AS path FROM events WHERE type LIKE 'translation.%'`)
	return out
}

// TestBulkMoveMatchesRecordSaves runs the same moves on two copies of one fixture, once as the
// bulk move and once saving each page through every concern's save hooks, and compares the
// pages, redirects, page_links, revisions, search rows, translation states and move events.
func TestBulkMoveMatchesRecordSaves(t *testing.T) {
	bulk := newFixture(t)
	moveScenario(t, bulk)
	want := func() map[string][]string {
		f := newFixture(t)
		navigation.UseRecordSaves(t)
		moveScenario(t, f)
		return endState(t, f)
	}()
	got := endState(t, bulk)
	for _, table := range []string{"pages", "redirects", "page_links", "revisions", "search", "page_assets", "events"} {
		if len(want[table]) == 0 {
			t.Errorf("%s: the record saves left no rows; the comparison would prove nothing", table)
		}
		if !slices.Equal(got[table], want[table]) {
			t.Errorf("%s differ:\nonly after the bulk move:\n  %s\nonly after the record saves:\n  %s", table,
				strings.Join(minus(got[table], want[table]), "\n  "), strings.Join(minus(want[table], got[table]), "\n  "))
		}
	}
	// A save per page passes a group through the states of a half-done move (the en source
	// gone, its ko translation not yet moved after it: orphaned, then outdated again) and emits
	// translation events for them; the bulk move emits only the changes that stay.
	if len(got["translation_events"]) == 0 || len(minus(got["translation_events"], want["translation_events"])) != 0 {
		t.Errorf("translation events: bulk %v, record saves %v", got["translation_events"], want["translation_events"])
	}
	// The moves did what they say: guide pages in en moved twice, ko manual/guide/b is current.
	var state string
	_ = bulk.app.DB().NewQuery("SELECT translation_state FROM pages WHERE locale='ko' AND path='manual/guide/b'").Row(&state)
	if state != schema.TranslationCurrent && state != schema.TranslationOutdated {
		t.Errorf("ko manual/guide/b after its source arrived: %q", state)
	}
}

// minus is the lines of a that b does not hold (as many times as a holds them more).
func minus(a, b []string) []string {
	left := map[string]int{}
	for _, s := range b {
		left[s]++
	}
	var out []string
	for _, s := range a {
		if left[s] > 0 {
			left[s]--
			continue
		}
		out = append(out, s)
	}
	return out
}

// tinyPNG is a 2×2 PNG.
func tinyPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
