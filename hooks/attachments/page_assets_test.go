package attachments_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"folio/hooks/schema"
)

// TestReferencesResolveAndHeal: a page's images, links to files and raw <img> tags point at the
// Folio file URL once the files exist; a page saved before its file is uploaded is healed by
// the upload (new html, no new revision); a locale's own file overrides the shared one; a file
// of another space is never reached; the asset report lists what is broken and unused.
func TestReferencesResolveAndHeal(t *testing.T) {
	f := newFixture(t)
	arch := f.create(t, "editor", "p", "docs/img/arch.png", "", "arch.png", pngBytes(t, 4, 4, 1))
	archId := arch.body["id"].(string)
	f.create(t, "editor", "q", "docs/img/late.png", "", "late.png", pngBytes(t, 4, 4, 9)) // another space
	body := "![arch](img/arch.png)\n\n![late](img/late.png)\n\n[the spec](/docs/files/spec.pdf)\n\n" +
		"<img src=\"/en/docs/img/arch.png\" alt=\"raw\">\n\n[a page](other)\n"
	page := f.page(t, "p", "en", "docs/guide", body)
	html := page.GetString(schema.PageHTML)
	if strings.Count(html, "/api/folio/files/"+archId+"/arch.png") != 2 {
		t.Errorf("arch.png is not pointed at its file URL twice:\n%s", html)
	}
	if !strings.Contains(html, `src="img/late.png"`) || !strings.Contains(html, `href="/docs/files/spec.pdf"`) {
		t.Errorf("broken references are not left as written:\n%s", html)
	}
	report := f.do(t, "GET", "/api/folio/spaces/"+f.spaces["p"].Id+"/assets", "editor", nil)
	if broken, _ := report.body["broken"].([]any); len(broken) != 2 {
		t.Fatalf("report lists %d broken references, want 2 (late.png, spec.pdf): %s", len(broken), report.raw)
	}
	var links int
	_ = f.app.DB().Select("COUNT(*)").From(schema.CollectionPageLinks).Where(dbx.HashExp{schema.PageLinkPage: page.Id}).Row(&links)
	if links != 1 {
		t.Errorf("%d page links, want 1 (the link to a file is not a page link)", links)
	}

	// Uploading the missing files heals the page without a revision.
	late := f.create(t, "editor", "p", "docs/img/late.png", "", "late.png", pngBytes(t, 4, 4, 2))
	spec := f.create(t, "editor", "p", "docs/files/spec.pdf", "", "spec.pdf", []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	if late.status != 200 || spec.status != 200 {
		t.Fatalf("uploads: %s %s", late.raw, spec.raw)
	}
	healed := f.reload(t, page)
	if !strings.Contains(healed.GetString(schema.PageHTML), "/api/folio/files/"+late.body["id"].(string)+"/late.png") ||
		!strings.Contains(healed.GetString(schema.PageHTML), "/api/folio/files/"+spec.body["id"].(string)+"/spec.pdf") {
		t.Errorf("the page was not healed:\n%s", healed.GetString(schema.PageHTML))
	}
	if healed.GetInt(schema.PageRevision) != 1 {
		t.Errorf("healing made revision %d", healed.GetInt(schema.PageRevision))
	}

	// A locale's own file overrides the shared one for that locale's pages only.
	fa := f.page(t, "p", "fa", "docs/guide", "![arch](img/arch.png)")
	if !strings.Contains(fa.GetString(schema.PageHTML), archId) {
		t.Fatalf("the fa page does not use the shared file: %s", fa.GetString(schema.PageHTML))
	}
	own := f.create(t, "editor", "p", "docs/img/arch.png", "fa", "arch.png", pngBytes(t, 4, 4, 3))
	if !strings.Contains(f.reload(t, fa).GetString(schema.PageHTML), own.body["id"].(string)) {
		t.Errorf("the fa page does not use the fa file after it was uploaded: %s", f.reload(t, fa).GetString(schema.PageHTML))
	}
	if !strings.Contains(f.reload(t, page).GetString(schema.PageHTML), archId) {
		t.Errorf("the en page lost the shared file")
	}

	// Deleting a file breaks its references again; the report says so and lists unused files.
	if res := f.do(t, "DELETE", "/api/collections/attachments/records/"+late.body["id"].(string), "owner", nil); res.status != 204 {
		t.Fatalf("delete: %d %s", res.status, res.raw)
	}
	if !strings.Contains(f.reload(t, page).GetString(schema.PageHTML), `src="img/late.png"`) {
		t.Errorf("a deleted file is still pointed at:\n%s", f.reload(t, page).GetString(schema.PageHTML))
	}
	unused := f.create(t, "editor", "p", "unused.png", "", "unused.png", pngBytes(t, 4, 4, 4))
	report = f.do(t, "GET", "/api/folio/spaces/"+f.spaces["p"].Id+"/assets", "editor", nil)
	broken, _ := report.body["broken"].([]any)
	unref, _ := report.body["unreferenced"].([]any)
	if len(broken) != 1 || len(unref) != 1 || unref[0].(map[string]any)["id"] != unused.body["id"] {
		t.Errorf("report after delete: %s", report.raw)
	}
	for _, role := range []string{"viewer", "other", "stranger", "guest"} {
		if got := f.do(t, "GET", "/api/folio/spaces/"+f.spaces["p"].Id+"/assets", role, nil).status; got != 404 {
			t.Errorf("%s reads the asset report: %d, want 404", role, got)
		}
	}

	// Editing the page keeps the references resolved; moving it resolves them anew.
	page = f.reload(t, page)
	page.Set(schema.PageTitle, "retitled")
	if err := f.app.Save(page); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.reload(t, page).GetString(schema.PageHTML), archId) {
		t.Errorf("a title edit lost the file URLs")
	}
	page.Set(schema.PagePath, "elsewhere/guide")
	if err := f.app.Save(page); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(f.reload(t, page).GetString(schema.PageHTML), archId+"/arch.png\" alt=\"arch\"") {
		t.Errorf("a moved page still resolves img/arch.png against its old path")
	}
	// Deleting a page deletes its references, never the files.
	before, _ := f.app.CountRecords(schema.CollectionAttachments)
	if err := f.app.Delete(f.reload(t, page)); err != nil {
		t.Fatal(err)
	}
	if after, _ := f.app.CountRecords(schema.CollectionAttachments); after != before {
		t.Errorf("deleting a page left %d attachments of %d", after, before)
	}
	if n, _ := f.app.CountRecords(schema.CollectionPageAssets, dbx.HashExp{schema.PageAssetPage: page.Id}); n != 0 {
		t.Errorf("%d page_assets rows outlive their page", n)
	}
}
