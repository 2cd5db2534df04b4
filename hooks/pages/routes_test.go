package pages_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestDiffRoute(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/draft"]
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{"body": "서울은 한국의 수도입니다.\nsame\nThe quick brown fox\n", "base_revision": 1, "tags": []string{"a"}}), 200)
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{"body": "서울은 대한민국의 수도입니다.\nsame\nThe quick red fox\n", "base_revision": 2, "title": "New", "tags": []string{"b"}}), 200)

	res := f.do(t, http.MethodGet, "/api/folio/pages/"+page.Id+"/diff", "editor", nil)
	mustStatus(t, res, 200)
	if res.Body["from"] != 2.0 || res.Body["to"] != 3.0 {
		t.Fatalf("defaults: %s", res.Raw)
	}
	body := res.Body["body"].(map[string]any)
	unified := body["unified"].(string)
	if !strings.Contains(unified, "--- revision 2") || !strings.Contains(unified, "-The quick brown fox") || !strings.Contains(unified, "+The quick red fox") {
		t.Errorf("unified diff: %s", unified)
	}
	raw, _ := json.Marshal(body["hunks"])
	// Inline segments: a word in English, characters in Korean.
	for _, seg := range []string{`{"op":"delete","text":"brown"}`, `{"op":"insert","text":"red"}`, `{"op":"delete","text":"한"}`, `{"op":"insert","text":"대한민"}`} {
		if !strings.Contains(string(raw), seg) {
			t.Errorf("hunks lack %s: %s", seg, raw)
		}
	}
	if title := res.Body["title"].(map[string]any); title["changed"] != true || title["to"] != "New" {
		t.Errorf("title change: %v", title)
	}
	if tags := res.Body["tags"].(map[string]any); !jsonEq(tags["added"], []any{"b"}) || !jsonEq(tags["removed"], []any{"a"}) {
		t.Errorf("tags change: %v", tags)
	}

	res = f.do(t, http.MethodGet, "/api/folio/pages/"+page.Id+"/diff?from=0&to=1", "admin", nil)
	mustStatus(t, res, 200)
	if !strings.Contains(res.Body["body"].(map[string]any)["unified"].(string), "+# draft") {
		t.Errorf("diff from an empty page: %s", res.Raw)
	}
	for _, q := range []string{"?from=x", "?to=9", "?from=-1", "?to=0"} {
		if res := f.do(t, http.MethodGet, "/api/folio/pages/"+page.Id+"/diff"+q, "editor", nil); res.Status != 400 {
			t.Errorf("%s: want 400, got %d", q, res.Status)
		}
	}
	for _, caller := range []string{"viewer", "outsider", "stranger", "guest"} {
		if res := f.do(t, http.MethodGet, "/api/folio/pages/"+page.Id+"/diff", caller, nil); res.Status != 404 {
			t.Errorf("%s diffs a draft: %d", caller, res.Status)
		}
	}
	live := f.pages["public/live"]
	mustStatus(t, f.do(t, http.MethodGet, "/api/folio/pages/"+live.Id+"/diff?from=0&to=1", "guest", nil), 200)
}

func TestRestoreRoute(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	original := f.head(t, page.Id).GetString("body")
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{"body": "second\n", "title": "Second", "base_revision": 1}), 200)

	for _, caller := range []string{"viewer", "outsider", "stranger", "guest"} {
		if res := f.do(t, http.MethodPost, "/api/folio/pages/"+page.Id+"/restore", caller, map[string]any{"revision": 1}); res.Status != 404 {
			t.Errorf("%s restores: %d", caller, res.Status)
		}
	}
	res := f.do(t, http.MethodPost, "/api/folio/pages/"+page.Id+"/restore", "admin", map[string]any{"revision": 1, "base_revision": 1})
	if res.Status != 409 {
		t.Fatalf("restore on a stale view: want 409, got %d %s", res.Status, res.Raw)
	}
	res = f.do(t, http.MethodPost, "/api/folio/pages/"+page.Id+"/restore", "admin", map[string]any{"revision": 1, "base_revision": 2})
	mustStatus(t, res, 200)
	if res.Body["revision"] != 3.0 || res.Body["body"] != original || res.Body["editor"] != f.users["admin"].Id {
		t.Fatalf("restore result: %s", res.Raw)
	}
	revs := f.revisions(t, page.Id)
	if len(revs) != 3 || revs[2].GetString("body") != original || revs[2].GetString("summary") != "Restored revision 1" || revs[1].GetString("body") != "second\n" {
		t.Fatalf("history after restore is wrong")
	}
	for _, body := range []map[string]any{{}, {"revision": 9}, {"revision": "x"}} {
		if res := f.do(t, http.MethodPost, "/api/folio/pages/"+page.Id+"/restore", "admin", body); res.Status != 400 && res.Status != 404 {
			t.Errorf("restore %v: got %d", body, res.Status)
		}
	}
}

func jsonEq(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
