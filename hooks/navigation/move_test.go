package navigation_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// linkRow reads the page_links row of from's link to (locale, path).
func linkRow(t *testing.T, f *fixture, from *core.Record, locale, path string) *core.Record {
	t.Helper()
	var rows []*core.Record
	err := f.app.RecordQuery(schema.CollectionPageLinks).AndWhere(dbx.HashExp{
		schema.PageLinkPage: from.Id, schema.PageLinkToLocale: locale, schema.PageLinkToPath: path}).All(&rows)
	if err != nil || len(rows) != 1 {
		t.Fatalf("link of %s to %s/%s: %v rows, %v", from.GetString(schema.PagePath), locale, path, len(rows), err)
	}
	return rows[0]
}

// TestFallbackLinks: a ko link to a page only en has is a fallback to the en page, not broken; a
// link to a page nobody has is broken; a ko translation appearing takes the link over.
func TestFallbackLinks(t *testing.T) {
	f := newFixture(t)
	from := f.pages["public/ko/docs/live"]
	window := linkRow(t, f, from, "ko", "docs/window")
	if window.GetString(schema.PageLinkToPage) != f.pages["public/en/docs/window"].Id || !window.GetBool(schema.PageLinkFallback) {
		t.Fatalf("ko → en-only link: to_page %q fallback %v", window.GetString(schema.PageLinkToPage), window.GetBool(schema.PageLinkFallback))
	}
	if nowhere := linkRow(t, f, from, "ko", "docs/nowhere"); nowhere.GetString(schema.PageLinkToPage) != "" || nowhere.GetBool(schema.PageLinkFallback) {
		t.Fatalf("link to no page: %v", nowhere)
	}
	res := f.do(t, http.MethodGet, "/api/folio/spaces/"+f.spaces["public"].Id+"/broken-links", "owner", nil)
	if res.Status != http.StatusOK || strings.Contains(string(res.Raw), `"docs/window"`) || !strings.Contains(string(res.Raw), `"docs/nowhere"`) {
		t.Fatalf("broken links: %d %s", res.Status, res.Raw)
	}
	ko := f.createPage(t, "public", "ko", "docs/window", "live", nil)
	window = linkRow(t, f, from, "ko", "docs/window")
	if window.GetString(schema.PageLinkToPage) != ko.Id || window.GetBool(schema.PageLinkFallback) {
		t.Fatalf("after the ko page appeared: to_page %q fallback %v", window.GetString(schema.PageLinkToPage), window.GetBool(schema.PageLinkFallback))
	}
	if err := f.app.Delete(ko); err != nil {
		t.Fatal(err)
	}
	window = linkRow(t, f, from, "ko", "docs/window")
	if window.GetString(schema.PageLinkToPage) != f.pages["public/en/docs/window"].Id || !window.GetBool(schema.PageLinkFallback) {
		t.Fatalf("after the ko page went: to_page %q fallback %v", window.GetString(schema.PageLinkToPage), window.GetBool(schema.PageLinkFallback))
	}
}

// TestMoveSubtreeLeavesRedirects moves docs (with its subtree and translations) to guide: every
// page gets its new path, every old address a redirect, links to old addresses still reach the
// moved pages, and the tree and resolve follow.
func TestMoveSubtreeLeavesRedirects(t *testing.T) {
	f := newFixture(t)
	linker := f.createPage(t, "public", "en", "index", "live", map[string]any{schema.PageBody: "[w](docs/window) [l](/docs/live)"})
	// Paths that share docs's first letters but are not below it stay where they are.
	for _, p := range []string{"docs-extra", "docs0", "docs.x/y"} {
		f.createPage(t, "public", "en", p, "live", nil)
	}
	res := f.do(t, http.MethodPost, "/api/folio/pages/"+f.pages["public/en/docs"].Id+"/move", "editor",
		map[string]any{"path": "guide", "subtree": true, "translations": true})
	if res.Status != http.StatusOK {
		t.Fatalf("move: %d %s", res.Status, res.Raw)
	}
	if n := len(res.Body["moved"].([]any)); n != 1+len(pageKinds)+2 {
		t.Fatalf("moved %d pages, want %d", n, 1+len(pageKinds)+2)
	}
	for key, p := range f.pages {
		moves := false
		for _, locale := range []string{"en", "ko"} {
			root := "public/" + locale + "/docs"
			moves = moves || key == root || strings.HasPrefix(key, root+"/")
		}
		if !moves {
			if now, _ := f.app.FindRecordById(schema.CollectionPages, p.Id); now.GetString(schema.PagePath) != p.GetString(schema.PagePath) {
				t.Errorf("%s moved to %s", key, now.GetString(schema.PagePath))
			}
			continue
		}
		now, err := f.app.FindRecordById(schema.CollectionPages, p.Id)
		if err != nil {
			t.Fatal(err)
		}
		old := p.GetString(schema.PagePath)
		if want := "guide" + strings.TrimPrefix(old, "docs"); now.GetString(schema.PagePath) != want {
			t.Errorf("%s is at %s, want %s", key, now.GetString(schema.PagePath), want)
		}
		r, err := f.app.FindFirstRecordByFilter(schema.CollectionRedirects, "space={:s} && locale={:l} && path={:p}",
			dbx.Params{"s": p.GetString(schema.PageSpace), "l": p.GetString(schema.PageLocale), "p": old})
		if err != nil || r.GetString(schema.RedirectPage) != p.Id {
			t.Errorf("no redirect from %s to its page: %v", key, err)
		}
	}
	for _, path := range []string{"docs/window", "docs/live"} {
		row := linkRow(t, f, linker, "en", path)
		if row.GetString(schema.PageLinkToPage) != f.pages["public/en/"+path].Id {
			t.Errorf("link to old %s: to_page %q", path, row.GetString(schema.PageLinkToPage))
		}
	}
	// The ko link to docs/window fell back to en docs/window; it follows the en redirect.
	if row := linkRow(t, f, f.pages["public/ko/docs/live"], "ko", "docs/window"); row.GetString(schema.PageLinkToPage) != f.pages["public/en/docs/window"].Id {
		t.Errorf("ko fallback link after the move: %v", row)
	}
	res = f.do(t, http.MethodGet, "/api/folio/spaces/"+f.spaces["public"].Id+"/resolve?locale=en&path=docs/live", "guest", nil)
	if res.Status != http.StatusOK || res.Body["redirected"] != true || res.Body["page"].(map[string]any)["path"] != "guide/live" {
		t.Fatalf("resolve old address: %d %s", res.Status, res.Raw)
	}
	// Moving back claims the old addresses again: their redirects give way.
	res = f.do(t, http.MethodPost, "/api/folio/pages/"+f.pages["public/en/docs"].Id+"/move", "editor",
		map[string]any{"path": "docs", "subtree": true, "translations": true})
	if res.Status != http.StatusOK {
		t.Fatalf("move back: %d %s", res.Status, res.Raw)
	}
	if r, _ := f.app.FindFirstRecordByFilter(schema.CollectionRedirects, "space={:s} && path='docs/live'", dbx.Params{"s": f.spaces["public"].Id}); r != nil {
		t.Errorf("a redirect stayed at an address a page lives at again: %v", r)
	}
}

// TestMoveRefusals: bad moves are 4xx naming the field, and nothing moves.
func TestMoveRefusals(t *testing.T) {
	f := newFixture(t)
	docs := f.pages["public/en/docs"].Id
	live := f.pages["public/en/docs/live"].Id
	for _, c := range []struct {
		name, caller, page string
		body               map[string]any
		status             int
		field, says        string
	}{
		{"onto itself", "editor", docs, map[string]any{"path": "docs"}, 400, "path", "already at"},
		{"into own subtree", "editor", docs, map[string]any{"path": "docs/live/deeper", "subtree": true}, 400, "path", "own subtree"},
		{"onto a page that stays", "editor", live, map[string]any{"path": "docs/window"}, 400, "path", "en/docs/window"},
		{"dot-dot path", "editor", live, map[string]any{"path": "../outside"}, 400, "path", `..`},
		{"empty path", "editor", live, map[string]any{"path": " / "}, 400, "path", "empty"},
		{"unknown locale", "editor", live, map[string]any{"path": "x", "locale": "xx"}, 400, "locale", "no locale"},
		{"locale with translations", "editor", live, map[string]any{"path": "x", "locale": "ko", "translations": true}, 400, "locale", "translations"},
		{"too long", "editor", docs, map[string]any{"path": strings.Repeat("a", 508), "subtree": true}, 400, "path", "512"},
		{"viewer", "viewer", live, map[string]any{"path": "x"}, 403, "", ""},
		{"guest", "guest", live, map[string]any{"path": "x"}, 403, "", ""},
		{"other space", "outsider", f.pages["private/en/docs/live"].Id, map[string]any{"path": "x"}, 404, "", ""},
		{"unreadable draft", "viewer", f.pages["public/en/docs/draft"].Id, map[string]any{"path": "x"}, 404, "", ""},
	} {
		before := pathsOf(t, f)
		res := f.do(t, http.MethodPost, "/api/folio/pages/"+c.page+"/move", c.caller, c.body)
		if res.Status != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, res.Status, res.Raw, c.status)
			continue
		}
		if c.field != "" {
			data, _ := res.Body["data"].(map[string]any)
			if _, ok := data[c.field]; !ok || !strings.Contains(string(res.Raw), c.says) {
				t.Errorf("%s: %s, want data.%s saying %q", c.name, res.Raw, c.field, c.says)
			}
		}
		if after := pathsOf(t, f); after != before {
			t.Errorf("%s moved something", c.name)
		}
	}
}

// pathsOf is every page's address and every redirect, as one string.
func pathsOf(t *testing.T, f *fixture) string {
	t.Helper()
	var rows []struct {
		Id   string `db:"id"`
		Addr string `db:"addr"`
	}
	if err := f.app.DB().NewQuery("SELECT id, locale||'/'||path AS addr FROM pages UNION ALL SELECT id, locale||'/'||path FROM redirects ORDER BY 1").All(&rows); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(rows)
}

// TestTreeAndResolveBadInput: unknown locale, dot segments, depth out of range are 400s naming
// the field.
func TestTreeAndResolveBadInput(t *testing.T) {
	f := newFixture(t)
	base := "/api/folio/spaces/" + f.spaces["public"].Id
	for _, c := range []struct{ url, field string }{
		{"/tree?locale=xx", "locale"},
		{"/tree?path=docs/../etc", "path"},
		{"/tree?depth=0", "depth"},
		{"/tree?depth=65", "depth"},
		{"/tree?depth=two", "depth"},
		{"/resolve?locale=en", "path"},
		{"/resolve?locale=zz&path=docs", "locale"},
		{"/resolve?path=../docs", "path"},
	} {
		res := f.do(t, http.MethodGet, base+c.url, "guest", nil)
		data, _ := res.Body["data"].(map[string]any)
		if res.Status != http.StatusBadRequest || data[c.field] == nil {
			t.Errorf("%s: %d %s, want 400 naming %s", c.url, res.Status, res.Raw, c.field)
		}
	}
	if res := f.do(t, http.MethodGet, base+"/tree?depth=1", "guest", nil); res.Status != 200 || len(res.Body["items"].([]any)) != 1 ||
		len(res.Body["items"].([]any)[0].(map[string]any)["children"].([]any)) != 0 {
		t.Errorf("depth=1: %d %s", res.Status, res.Raw)
	}
}

// TestConcurrentOverlappingMoves runs two moves of overlapping subtrees (docs → a, and
// docs/live → b) at the same time, many rounds: the transactions serialize, so every page ends at
// exactly one address, no two pages share one, and nothing is lost.
func TestConcurrentOverlappingMoves(t *testing.T) {
	f := newFixture(t)
	docs, live := f.pages["public/en/docs"].Id, f.pages["public/en/docs/live"].Id
	var count int
	_ = f.app.DB().NewQuery("SELECT count(*) FROM pages").Row(&count)
	for round := range 6 {
		var wg sync.WaitGroup
		status := make([]int, 2)
		for i, mv := range []struct{ id, path string }{{docs, fmt.Sprintf("a%d", round)}, {live, fmt.Sprintf("b%d/live", round)}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status[i] = f.do(t, http.MethodPost, "/api/folio/pages/"+mv.id+"/move", "editor", map[string]any{"path": mv.path, "subtree": true, "translations": true}).Status
			}()
		}
		wg.Wait()
		for _, s := range status {
			if s != http.StatusOK && s != http.StatusBadRequest {
				t.Fatalf("round %d: statuses %v", round, status)
			}
		}
		var after, distinct int
		_ = f.app.DB().NewQuery("SELECT count(*), count(DISTINCT space||locale||'/'||path) FROM pages").Row(&after, &distinct)
		if after != count || distinct != count {
			t.Fatalf("round %d: %d pages at %d addresses, want %d", round, after, distinct, count)
		}
		// Every page's subtree moved whole: en docs/<kind> pages other than live sit under docs's path.
		d, _ := f.app.FindRecordById(schema.CollectionPages, docs)
		w, _ := f.app.FindRecordById(schema.CollectionPages, f.pages["public/en/docs/window"].Id)
		if w.GetString(schema.PagePath) != d.GetString(schema.PagePath)+"/window" {
			t.Fatalf("round %d: window at %s, docs at %s", round, w.GetString(schema.PagePath), d.GetString(schema.PagePath))
		}
	}
}
