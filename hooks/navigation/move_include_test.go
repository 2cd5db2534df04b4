package navigation_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// TestMoveRendersIncludes: a moved page's relative include resolves against its new address;
// an included page that moves keeps its includers showing it (through its redirect), and an
// edit after the move still reaches them.
func TestMoveRendersIncludes(t *testing.T) {
	f := newFixture(t)
	f.createPage(t, "public", "en", "snip/note", "headless", map[string]any{schema.PageBody: "SNIP-ONE"})
	f.createPage(t, "public", "en", "docs/n", "live", map[string]any{schema.PageBody: "NEAR-DOCS"})
	f.createPage(t, "public", "en", "guide/n", "live", map[string]any{schema.PageBody: "NEAR-GUIDE"})
	x := f.createPage(t, "public", "en", "docs/x", "live", map[string]any{schema.PageBody: "{{< include \"/snip/note\" >}}"})
	y := f.createPage(t, "public", "en", "docs/y", "live", map[string]any{schema.PageBody: "{{< include \"n\" >}}"})
	html := func(id string) string {
		var h string
		_ = f.app.DB().Select(schema.PageHTML).From(schema.CollectionPages).Where(dbx.HashExp{"id": id}).Row(&h)
		return h
	}
	move := func(id, path string) {
		t.Helper()
		if res := f.do(t, http.MethodPost, "/api/folio/pages/"+id+"/move", "editor", map[string]any{"path": path, "subtree": true}); res.Status != http.StatusOK {
			t.Fatalf("move to %s: %d %s", path, res.Status, res.Raw)
		}
	}
	if !strings.Contains(html(y.Id), "NEAR-DOCS") {
		t.Fatalf("docs/y before the move: %s", html(y.Id))
	}
	move(y.Id, "guide/y")
	if h := html(y.Id); !strings.Contains(h, "NEAR-GUIDE") {
		t.Errorf("guide/y after the move shows %s, want the include resolved at guide/n", h)
	}
	move(f.pages["public/en/snip/note"].Id, "clip/note")
	if h := html(x.Id); !strings.Contains(h, "SNIP-ONE") {
		t.Errorf("docs/x after its snippet moved: %s", h)
	}
	snip, _ := f.app.FindRecordById(schema.CollectionPages, f.pages["public/en/snip/note"].Id)
	snip.Set(schema.PageBody, "SNIP-TWO")
	if err := f.app.Save(snip); err != nil {
		t.Fatal(err)
	}
	if h := html(x.Id); !strings.Contains(h, "SNIP-TWO") {
		t.Errorf("docs/x after its moved snippet's edit: %s", h)
	}
}

// TestRecordSaveMoveKeepsIncludes: a page moved by a record save of its path alone (no body
// change) is rendered again with its includes, resolved at its new address, as the move route
// renders it.
func TestRecordSaveMoveKeepsIncludes(t *testing.T) {
	f := newFixture(t)
	f.createPage(t, "public", "en", "snip/note", "headless", map[string]any{schema.PageBody: "SNIP-ONE"})
	f.createPage(t, "public", "en", "guide/n", "live", map[string]any{schema.PageBody: "NEAR-GUIDE"})
	x := f.createPage(t, "public", "en", "docs/x", "live", map[string]any{schema.PageBody: "{{< include \"/snip/note\" >}}\n\n{{< include \"n\" >}}"})
	rec, err := f.app.FindRecordById(schema.CollectionPages, x.Id)
	if err != nil {
		t.Fatal(err)
	}
	rec.Set(schema.PagePath, "guide/x")
	if err := f.app.Save(rec); err != nil {
		t.Fatal(err)
	}
	var h string
	if err := f.app.DB().Select(schema.PageHTML).From(schema.CollectionPages).Where(dbx.HashExp{"id": x.Id}).Row(&h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h, "SNIP-ONE") || !strings.Contains(h, "NEAR-GUIDE") {
		t.Errorf("guide/x after a record save of its path shows %s, want both includes rendered", h)
	}
	if strings.Contains(h, "{{<") {
		t.Errorf("guide/x shows a shortcode's source: %s", h)
	}
}

// TestHealKeepsIncludes: a page rendered again because a file it references arrived (a heal)
// keeps what its includes show.
func TestHealKeepsIncludes(t *testing.T) {
	f := newFixture(t)
	f.createPage(t, "public", "en", "snip/note", "headless", map[string]any{schema.PageBody: "SNIP-HEAL"})
	x := f.createPage(t, "public", "en", "docs/x", "live", map[string]any{schema.PageBody: "{{< include \"/snip/note\" >}}\n\n![pic](pic.png)"})
	file, err := filesystem.NewFileFromBytes(tinyPNG(t), "pic.png")
	if err != nil {
		t.Fatal(err)
	}
	testapp.CreateRecord(t, f.app, schema.CollectionAttachments, map[string]any{
		schema.AttachmentSpace: f.spaces["public"].Id, schema.AttachmentPath: "docs/pic.png", schema.AttachmentFile: file})
	var h string
	if err := f.app.DB().Select(schema.PageHTML).From(schema.CollectionPages).Where(dbx.HashExp{"id": x.Id}).Row(&h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h, "/api/folio/files/") {
		t.Fatalf("docs/x was not healed when its file arrived: %s", h)
	}
	if !strings.Contains(h, "SNIP-HEAL") {
		t.Errorf("docs/x after the heal shows %s, want its include rendered", h)
	}
}
