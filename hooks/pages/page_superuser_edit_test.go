package pages_test

import (
	"testing"

	"folio/hooks/schema"
)

// A superuser's dashboard save sends the whole record back, editor included: the edit must not
// be credited to the page's last editor.
func TestSuperuserEditIsNotCreditedToTheLastEditor(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{"body": "by the editor\n", "base_revision": 1}), 200)
	head, err := f.app.FindRecordById(schema.CollectionPages, page.Id)
	if err != nil {
		t.Fatal(err)
	}
	if head.GetString(schema.PageEditor) != f.users["editor"].Id {
		t.Fatalf("editor after the editor's save: %q", head.GetString(schema.PageEditor))
	}
	// As the dashboard sends it: every field as loaded, the body changed.
	res := f.patchPage(t, page.Id, "superuser", map[string]any{
		"body": "by the superuser\n", "revision": 2, "editor": f.users["editor"].Id, "author": head.GetString(schema.PageAuthor),
		"title": head.GetString(schema.PageTitle),
	})
	mustStatus(t, res, 200)
	head, _ = f.app.FindRecordById(schema.CollectionPages, page.Id)
	if got := head.GetString(schema.PageEditor); got != "" {
		t.Errorf("page editor after a superuser's edit = %q, want empty (nobody)", got)
	}
	revs := f.revisions(t, page.Id)
	if last := revs[len(revs)-1]; last.GetInt(schema.RevisionNumber) != 3 || last.GetString(schema.RevisionEditor) != "" {
		t.Errorf("revision %d editor = %q, want revision 3 credited to nobody", last.GetInt(schema.RevisionNumber), last.GetString(schema.RevisionEditor))
	}
	// A status-only change by a superuser leaves the content's editor alone.
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{"body": "editor again\n", "base_revision": 3}), 200)
	mustStatus(t, f.patchPage(t, page.Id, "superuser", map[string]any{"status": "draft", "editor": f.users["editor"].Id}), 200)
	head, _ = f.app.FindRecordById(schema.CollectionPages, page.Id)
	if head.GetString(schema.PageEditor) != f.users["editor"].Id {
		t.Errorf("a status change moved the editor: %q", head.GetString(schema.PageEditor))
	}
}
