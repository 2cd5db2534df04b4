package pages_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"folio/hooks/schema"
)

func (f *fixture) postComment(t testing.TB, caller, pageId string, extra map[string]any) response {
	t.Helper()
	body := map[string]any{"page": pageId, "body": "A comment by " + caller}
	for k, v := range extra {
		body[k] = v
	}
	return f.do(t, http.MethodPost, "/api/collections/comments/records", caller, body)
}

// TestCommentRules: signed-in readers of a page comment on it and read its comments; guests
// read but do not write; nobody else sees or writes.
func TestCommentRules(t *testing.T) {
	f := newFixture(t)
	for _, space := range []string{"private", "public"} {
		for _, kind := range []string{"live", "draft", "expired"} {
			page := f.pages[space+"/"+kind]
			seed := f.postComment(t, "owner", page.Id, nil)
			mustStatus(t, seed, 200)
			for _, caller := range callers {
				readable := canRead(caller, space, kind)
				res := f.postComment(t, caller, page.Id, nil)
				if want := statusIf(readable && caller != "guest", 200, 400); res.Status != want {
					t.Errorf("%s comments on %s/%s: got %d, want %d", caller, space, kind, res.Status, want)
				}
				listed := f.listIds(t, schema.CollectionComments, fmt.Sprintf("page = '%s'", page.Id), caller)
				if listed[seed.Body["id"].(string)] != readable {
					t.Errorf("%s lists comments of %s/%s: got %v, want %v", caller, space, kind, !readable, readable)
				}
			}
		}
	}
}

// TestCommentModeration: authors edit and delete their own; editors resolve but do not
// rewrite; owners and admins moderate; the author, parent and page are fixed.
func TestCommentModeration(t *testing.T) {
	f := newFixture(t)
	page := f.pages["public/live"]
	res := f.postComment(t, "stranger", page.Id, map[string]any{"author": f.users["owner"].Id, "body": "**bold** <script>x()</script>"})
	mustStatus(t, res, 200)
	id := res.Body["id"].(string)
	if res.Body["author"] != f.users["stranger"].Id || !strings.Contains(res.Body["html"].(string), "<strong>bold</strong>") ||
		strings.Contains(res.Body["html"].(string), "<script") {
		t.Fatalf("comment as saved: %s", res.Raw)
	}
	url := "/api/collections/comments/records/" + id
	for _, c := range []struct {
		caller string
		body   map[string]any
		want   int
	}{
		{"viewer", map[string]any{"body": "hijacked"}, 404},
		{"outsider", map[string]any{"resolved": true}, 404},
		{"editor", map[string]any{"body": "rewritten"}, 404},
		{"editor", map[string]any{"resolved": true}, 200},
		{"stranger", map[string]any{"body": "edited by its author"}, 200},
		{"stranger", map[string]any{"author": f.users["viewer"].Id}, 404},
		{"stranger", map[string]any{"page": f.pages["public/window"].Id}, 404},
		{"admin", map[string]any{"body": "moderated"}, 200},
		{"guest", map[string]any{"resolved": false}, 404},
	} {
		if res := f.do(t, http.MethodPatch, url, c.caller, c.body); res.Status != c.want {
			t.Errorf("%s updates %v: got %d, want %d %s", c.caller, c.body, res.Status, c.want, res.Raw)
		}
	}
	if got := f.do(t, http.MethodGet, url, "guest", nil).Body["html"]; !strings.Contains(fmt.Sprint(got), "moderated") {
		t.Errorf("html not re-rendered: %v", got)
	}
	for _, c := range []struct {
		caller string
		want   int
	}{{"editor", 404}, {"viewer", 404}, {"guest", 404}, {"owner", 204}} {
		if res := f.do(t, http.MethodDelete, url, c.caller, nil); res.Status != c.want {
			t.Errorf("%s deletes: got %d, want %d", c.caller, res.Status, c.want)
		}
	}
	own := f.postComment(t, "viewer", page.Id, nil)
	mustStatus(t, f.do(t, http.MethodDelete, "/api/collections/comments/records/"+own.Body["id"].(string), "viewer", nil), 204)
}

// TestCommentReplies: a reply must be on its parent's page; deleting a comment deletes its
// replies; an author who can no longer read the page cannot edit their comment.
func TestCommentReplies(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	parent := f.postComment(t, "viewer", page.Id, nil)
	mustStatus(t, parent, 200)
	pid := parent.Body["id"].(string)
	if res := f.postComment(t, "viewer", f.pages["private/window"].Id, map[string]any{"parent": pid}); res.Status != 400 {
		t.Fatalf("a reply on another page: want 400, got %d %s", res.Status, res.Raw)
	}
	reply := f.postComment(t, "editor", page.Id, map[string]any{"parent": pid})
	mustStatus(t, reply, 200)
	mustStatus(t, f.do(t, http.MethodDelete, "/api/collections/comments/records/"+pid, "admin", nil), 204)
	if _, err := f.app.FindRecordById(schema.CollectionComments, reply.Body["id"].(string)); err == nil {
		t.Fatal("the reply outlived its parent")
	}

	mine := f.postComment(t, "viewer", page.Id, nil)
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{"status": "draft"}), 200)
	if res := f.do(t, http.MethodPatch, "/api/collections/comments/records/"+mine.Body["id"].(string), "viewer", map[string]any{"body": "x"}); res.Status != 404 {
		t.Fatalf("editing a comment on a page one can no longer read: %d", res.Status)
	}
}

// TestCommentThreadsNestAtMost32Deep: a reply that would make a thread more than 32 comments
// deep is a 400 that says so, through the records API and its batch API alike; a reply beside
// the deepest one is taken, and deleting the first comment removes the whole thread.
func TestCommentThreadsNestAtMost32Deep(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	chain := []string{}
	for len(chain) < 32 {
		extra := map[string]any{}
		if len(chain) > 0 {
			extra["parent"] = chain[len(chain)-1]
		}
		res := f.postComment(t, "viewer", page.Id, extra)
		mustStatus(t, res, 200)
		chain = append(chain, res.Body["id"].(string))
	}
	res := f.postComment(t, "viewer", page.Id, map[string]any{"parent": chain[31]})
	data, _ := res.Body["data"].(map[string]any)
	parent, _ := data["parent"].(map[string]any)
	if res.Status != 400 || parent["code"] != "validation_reply_too_deep" || !strings.Contains(fmt.Sprint(parent["message"]), "32") {
		t.Fatalf("a 33rd comment deep: %d %s", res.Status, res.Raw)
	}
	batch := f.do(t, http.MethodPost, "/api/batch", "viewer", map[string]any{"requests": []map[string]any{{
		"method": "POST", "url": "/api/collections/comments/records",
		"body": map[string]any{"page": page.Id, "body": "deep", "parent": chain[31]},
	}}})
	if batch.Status != 400 || !strings.Contains(string(batch.Raw), "validation_reply_too_deep") {
		t.Fatalf("a 33rd comment deep through the batch API: %d %s", batch.Status, batch.Raw)
	}
	mustStatus(t, f.postComment(t, "viewer", page.Id, map[string]any{"parent": chain[30]}), 200)
	mustStatus(t, f.do(t, http.MethodDelete, "/api/collections/comments/records/"+chain[0], "viewer", nil), 204)
	if n, _ := f.app.CountRecords(schema.CollectionComments, dbx.HashExp{schema.CommentPage: page.Id}); n != 0 {
		t.Errorf("%d comments of the thread left", n)
	}
}

// TestCommentRealtime: comment events reach the page's readers only.
func TestCommentRealtime(t *testing.T) {
	f := newFixture(t)
	viewer, stranger := f.subscribe(t, "viewer", "comments/*"), f.subscribe(t, "stranger", "comments/*")
	res := f.postComment(t, "editor", f.pages["private/live"].Id, nil)
	mustStatus(t, res, 200)
	id := res.Body["id"].(string)
	if got := viewer.next(t, id, 2*time.Second); got != "create" {
		t.Fatalf("the viewer got %q, want create", got)
	}
	if got := stranger.next(t, id, 300*time.Millisecond); got != "" {
		t.Fatalf("a stranger got %q for a comment on a private page", got)
	}
}
