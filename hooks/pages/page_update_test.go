package pages_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// numberedBody is a page body of n lines "line i", i from 1.
func numberedBody(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	return b.String()
}

// replaceLine returns body with line i (1-based) replaced by text.
func replaceLine(body string, i int, text string) string {
	lines := strings.SplitAfter(body, "\n")
	lines[i-1] = text + "\n"
	return strings.Join(lines, "")
}

func (f *fixture) patchPage(t testing.TB, id, caller string, body map[string]any) response {
	t.Helper()
	return f.do(t, http.MethodPatch, "/api/collections/pages/records/"+id, caller, body)
}

// revisions returns the page's revisions in number order, read directly.
func (f *fixture) revisions(t testing.TB, pageId string) []*core.Record {
	t.Helper()
	recs, err := f.app.FindRecordsByFilter(schema.CollectionRevisions, "page = {:p}", "number", 0, 0, map[string]any{"p": pageId})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func (f *fixture) head(t testing.TB, id string) *core.Record {
	t.Helper()
	r, err := f.app.FindRecordById(schema.CollectionPages, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestUpdateAtHeadMakesRevision(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/draft"]
	res := f.patchPage(t, page.Id, "editor", map[string]any{"body": "new\n", "base_revision": 1, "summary": " fix typo ", "minor": true})
	if res.Status != 200 || res.Body["merged"] != false || res.Body["revision"] != 2.0 {
		t.Fatalf("got %d %s", res.Status, res.Raw)
	}
	revs := f.revisions(t, page.Id)
	if len(revs) != 2 {
		t.Fatalf("want 2 revisions, got %d", len(revs))
	}
	r := revs[1]
	if r.GetInt("number") != 2 || r.GetString("body") != "new\n" || r.GetString("summary") != "fix typo" || !r.GetBool("minor") ||
		r.GetString("editor") != f.users["editor"].Id || len(r.GetString("hash")) != 64 {
		t.Fatalf("revision 2 is wrong: %v", r.PublicExport())
	}
	if revs[0].GetString("hash") == r.GetString("hash") {
		t.Fatal("different contents share a hash")
	}
}

func TestUpdateWithoutContentChangeNeedsNoBase(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/draft"]
	res := f.patchPage(t, page.Id, "editor", map[string]any{"status": "published", "title": page.GetString("title")})
	if res.Status != 200 {
		t.Fatalf("status change without base: %d %s", res.Status, res.Raw)
	}
	if n := len(f.revisions(t, page.Id)); n != 1 {
		t.Fatalf("a status change made a revision: %d revisions", n)
	}
}

func TestContentUpdateWithoutBaseIs400(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	res := f.patchPage(t, page.Id, "editor", map[string]any{"body": "changed"})
	data, _ := res.Body["data"].(map[string]any)
	if res.Status != 400 || data["base_revision"] == nil {
		t.Fatalf("want 400 naming base_revision, got %d %s", res.Status, res.Raw)
	}
	for _, bad := range []any{"abc", 0, 1.5, 99, -1, true} {
		res := f.patchPage(t, page.Id, "editor", map[string]any{"body": "changed", "base_revision": bad})
		if res.Status != 400 {
			t.Errorf("base_revision %v: want 400, got %d %s", bad, res.Status, res.Raw)
		}
	}
	if f.head(t, page.Id).GetString("body") == "changed" {
		t.Fatal("a refused update was saved")
	}
}

func TestStaleNonOverlappingEditIsMerged(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	body := numberedBody(10)
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{"body": body, "base_revision": 1, "tags": []string{"a", "b"}}), 200)
	theirs := replaceLine(body, 2, "line 2 by admin")
	mustStatus(t, f.patchPage(t, page.Id, "admin", map[string]any{"body": theirs, "base_revision": 2, "title": "Admin's title", "tags": []string{"a", "b", "c"}}), 200)

	yours := replaceLine(body, 8, "line 8 by editor")
	res := f.patchPage(t, page.Id, "editor", map[string]any{"body": yours, "base_revision": 2, "description": "Editor's description", "tags": []string{"b", "d"}})
	if res.Status != 200 || res.Body["merged"] != true || res.Body["revision"] != 4.0 {
		t.Fatalf("want merged revision 4, got %d %s", res.Status, res.Raw)
	}
	head := f.head(t, page.Id)
	want := replaceLine(theirs, 8, "line 8 by editor")
	if head.GetString("body") != want || head.GetString("title") != "Admin's title" || head.GetString("description") != "Editor's description" {
		t.Fatalf("merge result wrong: %q / %q / %q", head.GetString("body"), head.GetString("title"), head.GetString("description"))
	}
	if tags := head.GetString("tags"); tags != `["b","c","d"]` {
		t.Fatalf("tags merged to %s, want [b c d]", tags)
	}
	if got := f.revisions(t, page.Id)[3].GetString("body"); got != want {
		t.Fatalf("revision 4 holds %q", got)
	}
}

func TestStaleOverlappingEditIs409(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	body := numberedBody(5)
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{"body": body, "base_revision": 1}), 200)
	mustStatus(t, f.patchPage(t, page.Id, "admin", map[string]any{"body": replaceLine(body, 3, "admin's line"), "base_revision": 2}), 200)
	before := f.head(t, page.Id)

	res := f.patchPage(t, page.Id, "editor", map[string]any{"body": replaceLine(body, 3, "editor's line"), "base_revision": 2, "status": "draft"})
	if res.Status != 409 {
		t.Fatalf("want 409, got %d %s", res.Status, res.Raw)
	}
	data := res.Body["data"].(map[string]any)
	conflicts := data["conflicts"].([]any)
	c := conflicts[0].(map[string]any)
	if data["head_revision"] != 3.0 || len(conflicts) != 1 || c["field"] != "body" || c["line"] != 3.0 ||
		c["base"] != "line 3\n" || c["theirs"] != "admin's line\n" || c["yours"] != "editor's line\n" {
		t.Fatalf("conflict data wrong: %s", res.Raw)
	}
	if head := data["head"].(map[string]any); head["body"] != before.GetString("body") {
		t.Fatalf("409 carries a head body that is not the head: %v", head["body"])
	}
	after := f.head(t, page.Id)
	if after.GetString("body") != before.GetString("body") || after.GetString("status") != before.GetString("status") || len(f.revisions(t, page.Id)) != 3 {
		t.Fatal("a 409 wrote something")
	}
}

func TestStaleTitleConflict(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	mustStatus(t, f.patchPage(t, page.Id, "admin", map[string]any{"title": "A", "base_revision": 1}), 200)
	res := f.patchPage(t, page.Id, "editor", map[string]any{"title": "B", "base_revision": 1})
	if res.Status != 409 || !strings.Contains(string(res.Raw), `"field":"title"`) {
		t.Fatalf("want a title conflict, got %d %s", res.Status, res.Raw)
	}
}

func TestBaseAheadOfHeadIs400(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	res := f.patchPage(t, page.Id, "editor", map[string]any{"body": "x", "base_revision": 2})
	if res.Status != 400 {
		t.Fatalf("want 400, got %d %s", res.Status, res.Raw)
	}
}

// TestServerOwnedFieldsCannotBeForged: author, editor, revision and html come from the server.
func TestServerOwnedFieldsCannotBeForged(t *testing.T) {
	f := newFixture(t)
	res := f.do(t, http.MethodPost, "/api/collections/pages/records", "editor", map[string]any{
		"space": f.spaces["private"].Id, "locale": "en", "path": "forge", "title": "T", "body": "x",
		"author": f.users["owner"].Id, "editor": f.users["owner"].Id, "revision": 42, "html": "<script>alert(1)</script>",
	})
	mustStatus(t, res, 200)
	if res.Body["author"] != f.users["editor"].Id || res.Body["editor"] != f.users["editor"].Id || res.Body["revision"] != 1.0 ||
		strings.Contains(res.Body["html"].(string), "script") {
		t.Fatalf("forged fields kept: %s", res.Raw)
	}
	id := res.Body["id"].(string)
	res = f.patchPage(t, id, "admin", map[string]any{"author": f.users["admin"].Id, "revision": 7, "body": "y", "base_revision": 1})
	mustStatus(t, res, 200)
	if res.Body["author"] != f.users["editor"].Id || res.Body["editor"] != f.users["admin"].Id || res.Body["revision"] != 2.0 {
		t.Fatalf("forged fields kept on update: %s", res.Raw)
	}
}

// TestSuperuserDashboardEditUsesRevisionAsBase: the dashboard sends the whole record as it
// loaded it; its revision field stands in for base_revision.
func TestSuperuserDashboardEditUsesRevisionAsBase(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	res := f.patchPage(t, page.Id, "superuser", map[string]any{"body": "dashboard\n", "revision": 1})
	mustStatus(t, res, 200)
	res = f.patchPage(t, page.Id, "superuser", map[string]any{"body": "stale dashboard\n", "revision": 1})
	if res.Status != 409 {
		t.Fatalf("a stale dashboard save: want 409, got %d %s", res.Status, res.Raw)
	}
}

func TestPathAndTagsAreNormalized(t *testing.T) {
	f := newFixture(t)
	res := f.do(t, http.MethodPost, "/api/collections/pages/records", "editor", map[string]any{
		"space": f.spaces["private"].Id, "locale": "ZH_CN ", "path": "/ Knowledge-base//Dictionary/ 백엔드 /", "title": "T",
		"tags": []string{" api ", "api", "", "가이드"},
	})
	if res.Status != 400 {
		t.Fatalf("a locale outside the space: want 400, got %d %s", res.Status, res.Raw)
	}
	res = f.do(t, http.MethodPost, "/api/collections/pages/records", "editor", map[string]any{
		"space": f.spaces["private"].Id, "locale": "KO", "path": "/ Knowledge-base//Dictionary/ 백엔드 /", "title": "T",
		"tags": []string{" api ", "api", "", "가이드"},
	})
	mustStatus(t, res, 200)
	if res.Body["locale"] != "ko" || res.Body["path"] != "Knowledge-base/Dictionary/백엔드" || fmt.Sprint(res.Body["tags"]) != "[api 가이드]" || res.Body["status"] != "draft" {
		t.Fatalf("not normalized: %s", res.Raw)
	}
	for _, bad := range []map[string]any{
		{"path": "a/../b"}, {"path": "a?b"}, {"path": "/"}, {"tags": "api"}, {"tags": []any{1}},
		{"publish_at": "2030-01-02 00:00:00Z", "unpublish_at": "2030-01-01 00:00:00Z"},
	} {
		body := map[string]any{"space": f.spaces["private"].Id, "locale": "en", "path": "ok", "title": "T"}
		for k, v := range bad {
			body[k] = v
		}
		if res := f.do(t, http.MethodPost, "/api/collections/pages/records", "editor", body); res.Status != 400 {
			t.Errorf("%v: want 400, got %d %s", bad, res.Status, res.Raw)
		}
	}
	dup := map[string]any{"space": f.spaces["private"].Id, "locale": "ko", "path": "Knowledge-base/Dictionary/백엔드", "title": "Dup"}
	if res := f.do(t, http.MethodPost, "/api/collections/pages/records", "editor", dup); res.Status != 400 {
		t.Fatalf("duplicate (space, locale, path): want 400, got %d %s", res.Status, res.Raw)
	}
	dup["path"] = "knowledge-base/Dictionary/백엔드"
	mustStatus(t, f.do(t, http.MethodPost, "/api/collections/pages/records", "editor", dup), 200)
}

func mustStatus(t testing.TB, res response, want int) {
	t.Helper()
	if res.Status != want {
		t.Fatalf("want %d, got %d %s", want, res.Status, res.Raw)
	}
}

// TestDeletedAccountLeavesContentDetached: deleting a user keeps the pages, revisions and
// comments they wrote, with the author and editor emptied.
func TestDeletedAccountLeavesContentDetached(t *testing.T) {
	f := newFixture(t)
	res := f.do(t, http.MethodPost, "/api/collections/pages/records", "editor", map[string]any{
		"space": f.spaces["private"].Id, "locale": "en", "path": "orphan", "title": "T", "body": "x",
	})
	mustStatus(t, res, 200)
	id := res.Body["id"].(string)
	mustStatus(t, f.postComment(t, "editor", id, nil), 200)
	if err := f.app.Delete(f.users["editor"]); err != nil {
		t.Fatalf("deleting an account with content: %v", err)
	}
	page := f.head(t, id)
	if page.GetString("author") != "" || page.GetString("editor") != "" || page.GetInt("revision") != 1 {
		t.Fatalf("page after the account went: %v", page.PublicExport())
	}
	if revs := f.revisions(t, id); len(revs) != 1 || revs[0].GetString("editor") != "" {
		t.Fatalf("revisions after the account went: %d", len(revs))
	}
	comments, _ := f.app.FindAllRecords(schema.CollectionComments)
	if len(comments) != 1 || comments[0].GetString("author") != "" {
		t.Fatalf("comments after the account went: %d", len(comments))
	}
}
