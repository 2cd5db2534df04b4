package attachments_test

import (
	"fmt"
	"testing"

	"folio/hooks/schema"
)

// TestAttachmentRules is the attachments row of the rule matrix: for each operation on a file
// of the private space p and of the public space u, what each caller gets (roles order: owner,
// admin, editor, viewer, other (a member of another space), stranger, guest). Readers of the
// space read; editors and above upload and edit; owners and admins delete. A rule miss is what
// PocketBase answers: a filtered list, 404 for view/update/delete, 400 for create.
func TestAttachmentRules(t *testing.T) {
	f := newFixture(t)
	type want [7]int
	for _, space := range []string{"p", "u"} {
		public := space == "u"
		read := want{200, 200, 200, 200, 404, 404, 404}
		if public {
			read = want{200, 200, 200, 200, 200, 200, 200}
		}
		for i, role := range roles {
			res := f.create(t, role, space, fmt.Sprintf("img/%s.png", role), "", "x.png", pngBytes(t, 2, 2, uint8(i)))
			wantCreate := map[bool]int{true: 200, false: 400}[i < 3]
			if res.status != wantCreate {
				t.Errorf("%s: %s creates: %d, want %d (%s)", space, role, res.status, wantCreate, res.raw)
			}
		}
		target := f.create(t, "owner", space, "target.png", "", "t.png", pngBytes(t, 3, 3, 99))
		id, _ := target.body["id"].(string)
		if id == "" {
			t.Fatalf("upload failed: %s", target.raw)
		}
		for i, role := range roles {
			if got := f.do(t, "GET", "/api/collections/attachments/records/"+id, role, nil).status; got != read[i] {
				t.Errorf("%s: %s views: %d, want %d", space, role, got, read[i])
			}
			list := f.do(t, "GET", "/api/collections/attachments/records?filter=space='"+f.spaces[space].Id+"'", role, nil)
			n, _ := list.body["totalItems"].(float64)
			if wantN := map[bool]float64{true: 4, false: 0}[read[i] == 200]; n != wantN {
				t.Errorf("%s: %s lists %v files, want %v", space, role, n, wantN)
			}
			upd := f.do(t, "PATCH", "/api/collections/attachments/records/"+id, role, map[string]any{schema.AttachmentAlt: "by " + role})
			if wantU := map[bool]int{true: 200, false: 404}[i < 3]; upd.status != wantU {
				t.Errorf("%s: %s updates: %d, want %d", space, role, upd.status, wantU)
			}
		}
		for i, role := range []string{"viewer", "editor", "other", "stranger", "guest", "admin"} {
			wantD := 404
			if role == "admin" {
				wantD = 204
			}
			if got := f.do(t, "DELETE", "/api/collections/attachments/records/"+id, role, nil).status; got != wantD {
				t.Errorf("%s: %s (%d) deletes: %d, want %d", space, role, i, got, wantD)
			}
		}
	}
	// The index of references is read as its page and written by nobody through the API.
	page := f.page(t, "p", "en", "docs/a", "![x](img/owner.png)")
	for i, role := range roles {
		want := map[bool]float64{true: 1, false: 0}[i < 4]
		list := f.do(t, "GET", "/api/collections/page_assets/records?filter=page='"+page.Id+"'", role, nil)
		if n, _ := list.body["totalItems"].(float64); n != want {
			t.Errorf("page_assets: %s lists %v rows, want %v", role, n, want)
		}
	}
	if got := f.do(t, "POST", "/api/collections/page_assets/records", "owner", map[string]any{schema.PageAssetPage: page.Id}).status; got != 403 {
		t.Errorf("page_assets create by an owner: %d, want 403", got)
	}
}
