package pages_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// linkRows returns the page's link rows as "locale/path#anchor -> target" lines, sorted;
// target is the target page's path or BROKEN.
func (f *fixture) linkRows(t testing.TB, pageId string) []string {
	t.Helper()
	rows, err := f.app.FindRecordsByFilter(schema.CollectionPageLinks, "page = {:p}", "", 0, 0, map[string]any{"p": pageId})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		target := "BROKEN"
		if id := r.GetString("to_page"); id != "" {
			target = f.head(t, id).GetString("path")
		}
		line := r.GetString("to_locale") + "/" + r.GetString("to_path")
		if a := r.GetString("anchor"); a != "" {
			line += "#" + a
		}
		out = append(out, line+" -> "+target)
	}
	sort.Strings(out)
	return out
}

func (f *fixture) createViaAPI(t testing.TB, caller string, data map[string]any) *core.Record {
	t.Helper()
	res := f.do(t, http.MethodPost, "/api/collections/pages/records", caller, data)
	mustStatus(t, res, 200)
	return f.head(t, res.Body["id"].(string))
}

func TestLinksAreIndexedAndFollowPages(t *testing.T) {
	f := newFixture(t)
	space := f.spaces["private"].Id
	a := f.createViaAPI(t, "editor", map[string]any{"space": space, "locale": "en", "path": "guide/intro", "title": "Intro",
		"body": "[abs](/docs/live) [ko](/ko/docs/live) [rel](../docs/window#setup) [ext](https://example.com) " +
			"[self](#top) [missing](nowhere) [again](/docs/live)\n"})
	// The ko link falls back to the source page while ko has none (navigation's fallback links).
	want := []string{"en/docs/live -> docs/live", "en/docs/window#setup -> docs/window", "en/guide/nowhere -> BROKEN", "ko/docs/live -> docs/live"}
	assertLines(t, "after create", f.linkRows(t, a.Id), want)

	// A page appearing at a broken link's target resolves it.
	ko := f.createViaAPI(t, "editor", map[string]any{"space": space, "locale": "ko", "path": "docs/live", "title": "라이브"})
	want[3] = "ko/docs/live -> docs/live"
	assertLines(t, "after the ko page appeared", f.linkRows(t, a.Id), want)

	// Deleting a target breaks the links to it.
	mustStatus(t, f.do(t, http.MethodDelete, "/api/collections/pages/records/"+f.pages["private/window"].Id, "owner", nil), 204)
	want[1] = "en/docs/window#setup -> BROKEN"
	assertLines(t, "after the target was deleted", f.linkRows(t, a.Id), want)

	// A page moved to a broken link's target resolves it; the links to its old address follow
	// the redirect the move left.
	mustStatus(t, f.patchPage(t, ko.Id, "editor", map[string]any{"locale": "en", "path": "guide/nowhere"}), 200)
	want[2], want[3] = "en/guide/nowhere -> guide/nowhere", "ko/docs/live -> guide/nowhere"
	assertLines(t, "after a page moved", f.linkRows(t, a.Id), want)

	// Moving the linking page re-resolves its relative links against its new path.
	mustStatus(t, f.patchPage(t, a.Id, "editor", map[string]any{"path": "intro"}), 200)
	assertLines(t, "after the linking page moved", f.linkRows(t, a.Id),
		[]string{"en/docs/live -> docs/live", "en/nowhere -> BROKEN", "ko/docs/live -> guide/nowhere"})

	// An edit without links removes them all.
	mustStatus(t, f.patchPage(t, a.Id, "editor", map[string]any{"body": "No links.\n", "base_revision": 1}), 200)
	assertLines(t, "after the links were removed", f.linkRows(t, a.Id), nil)
}

func TestBacklinksAndBrokenLinksRoutes(t *testing.T) {
	f := newFixture(t)
	live := f.pages["private/live"]
	// Every fixture page but live itself links to docs/live; readers see the links of the pages
	// they may read only.
	for caller, want := range map[string]int{"editor": 4, "viewer": 1, "superuser": 4} {
		res := f.do(t, http.MethodGet, "/api/folio/pages/"+live.Id+"/backlinks", caller, nil)
		mustStatus(t, res, 200)
		items := res.Body["items"].([]any)
		if len(items) != want {
			t.Errorf("%s sees %d backlinks, want %d: %s", caller, len(items), want, res.Raw)
		}
		for _, it := range items {
			from := it.(map[string]any)["from"].(map[string]any)
			if from["locale"] != "en" || !strings.HasPrefix(from["path"].(string), "docs/") || it.(map[string]any)["to_page"] != live.Id {
				t.Errorf("backlink item malformed: %v", it)
			}
		}
	}
	for _, caller := range []string{"outsider", "stranger", "guest"} {
		if res := f.do(t, http.MethodGet, "/api/folio/pages/"+live.Id+"/backlinks", caller, nil); res.Status != 404 {
			t.Errorf("%s reads backlinks of a private page: %d", caller, res.Status)
		}
	}
	draft := f.pages["private/draft"]
	if res := f.do(t, http.MethodGet, "/api/folio/pages/"+draft.Id+"/backlinks", "viewer", nil); res.Status != 404 {
		t.Errorf("a viewer reads backlinks of a draft: %d", res.Status)
	}

	// Every fixture page links to the missing docs/missing.
	for caller, want := range map[string]int{"editor": 5, "viewer": 2, "guest": 0} {
		res := f.do(t, http.MethodGet, "/api/folio/spaces/"+f.spaces["private"].Id+"/broken-links", caller, nil)
		if caller == "guest" {
			if res.Status != 404 {
				t.Errorf("a guest reads a private space's broken links: %d", res.Status)
			}
			continue
		}
		mustStatus(t, res, 200)
		if items := res.Body["items"].([]any); len(items) != want {
			t.Errorf("%s sees %d broken links, want %d: %s", caller, len(items), want, res.Raw)
		}
	}
	// A link to a page the caller may not read is broken for that caller, as page_links shows
	// it: live links to docs/draft (a draft) is broken for the viewer, not for the editor.
	live.Set(schema.PageBody, live.GetString(schema.PageBody)+"\nAnd [the draft](/docs/draft).\n")
	if err := f.app.Save(live); err != nil {
		t.Fatal(err)
	}
	for caller, want := range map[string]int{"editor": 5, "viewer": 3, "superuser": 5} {
		res := f.do(t, http.MethodGet, "/api/folio/spaces/"+f.spaces["private"].Id+"/broken-links", caller, nil)
		mustStatus(t, res, 200)
		items := res.Body["items"].([]any)
		if len(items) != want {
			t.Errorf("%s sees %d broken links with the link to the draft, want %d: %s", caller, len(items), want, res.Raw)
		}
		for _, it := range items {
			if target := it.(map[string]any)["to_page"]; target != "" {
				t.Errorf("%s: a broken link names a page: %v", caller, it)
			}
		}
	}
	res := f.do(t, http.MethodGet, "/api/folio/spaces/"+f.spaces["public"].Id+"/broken-links?perPage=1&page=2", "guest", nil)
	mustStatus(t, res, 200)
	if items := res.Body["items"].([]any); len(items) != 1 || res.Body["page"] != 2.0 {
		t.Errorf("a guest pages through a public space's broken links: %s", res.Raw)
	}
}

func assertLines(t *testing.T, when string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got  %q\n want %q", when, got, want)
	}
}
