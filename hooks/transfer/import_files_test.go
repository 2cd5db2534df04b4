package transfer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// gifBytes is a 1×1 GIF, different for each seed.
func gifBytes(seed byte) []byte {
	return []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00" + string([]byte{seed, 0, 0}) + "\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
}

// TestImportKeepsFiles: a Hugo site's non-markdown files become attachments at their paths —
// page bundles, a locale's own files, static/ — the pages referencing them render with the
// file URLs, refused files are named with the reason, re-import changes nothing, and export
// writes every file back byte for byte where a re-import finds it unchanged.
func TestImportKeepsFiles(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "site", schema.VisibilityPrivate)
	tree := fstest.MapFS{
		"content/en/_index.md":              file("---\ntitle: Home\n---\n\n![bg](featured.gif)\n"),
		"content/en/featured.gif":           {Data: gifBytes(1)},
		"content/en/docs/Guide/index.md":    file("---\ntitle: Guide\n---\n\n![d](diagram.gif) [spec](spec.pdf) ![logo](/images/logo.gif) ![gone](/images/missing.gif)\n"),
		"content/en/docs/Guide/diagram.gif": {Data: gifBytes(2)},
		"content/en/docs/Guide/spec.pdf":    {Data: []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")},
		"content/en/docs/Guide/evil.png":    {Data: []byte("<!doctype html><script>alert(1)</script>")},
		"content/fa/docs/guide/index.md":    file("---\ntitle: راهنما\n---\n\n![d](diagram.gif)\n"),
		"content/fa/docs/guide/diagram.gif": {Data: gifBytes(3)},
		"static/images/logo.gif":            {Data: gifBytes(4)},
		"LICENSE":                           file("Apache 2.0"),
	}
	sum := mustImport(t, app, space, tree, transfer.ImportOptions{})
	f := sum.Files
	if f.Created != 5 || f.Refused != 2 || f.PerLocale["en"].Created != 3 || f.PerLocale["fa"].Created != 1 || f.PerLocale["shared"].Created != 1 {
		t.Fatalf("files summary: %+v", f)
	}
	reasons := map[string]string{}
	for _, e := range f.Errors {
		reasons[e.File] = e.Reason
	}
	if !strings.Contains(reasons["content/en/docs/Guide/evil.png"], "text/html") || !strings.Contains(reasons["LICENSE"], "outside content/") {
		t.Errorf("refusals not named with their reason: %v", reasons)
	}
	guide := findPage(t, app, space, "en", "docs/guide")
	html := guide.GetString(schema.PageHTML)
	for _, want := range []string{"/diagram.gif\"", "/spec.pdf\"", "/logo.gif\"", `src="/images/missing.gif"`} {
		if !strings.Contains(html, want) {
			t.Errorf("guide html lacks %s:\n%s", want, html)
		}
	}
	if strings.Count(html, "/api/folio/files/") != 3 {
		t.Errorf("guide html: want 3 resolved references:\n%s", html)
	}
	faGuide := findPage(t, app, space, "fa", "docs/guide").GetString(schema.PageHTML)
	enDiagram, err := app.FindFirstRecordByFilter(schema.CollectionAttachments, "locale = 'en' && path = 'docs/guide/diagram.gif'")
	if err != nil || strings.Contains(faGuide, enDiagram.Id) || !strings.Contains(faGuide, "/api/folio/files/") {
		t.Errorf("the fa page does not use its own diagram: %s (%v)", faGuide, err)
	}
	home := findPage(t, app, space, "en", "index").GetString(schema.PageHTML)
	if !strings.Contains(home, "/api/folio/files/") {
		t.Errorf("the home page's bundle image is not resolved: %s", home)
	}

	again := mustImport(t, app, space, tree, transfer.ImportOptions{})
	if again.Files.Unchanged != 5 || again.Files.Created+again.Files.Updated != 0 {
		t.Errorf("re-import files: %+v", again.Files)
	}

	dir := t.TempDir()
	if _, err := transfer.Export(app, space, dir); err != nil {
		t.Fatal(err)
	}
	for exported, original := range map[string]string{
		"en/featured.gif": "content/en/featured.gif", "en/docs/guide/diagram.gif": "content/en/docs/Guide/diagram.gif",
		"en/docs/guide/spec.pdf": "content/en/docs/Guide/spec.pdf", "fa/docs/guide/diagram.gif": "content/fa/docs/guide/diagram.gif",
		"images/logo.gif": "static/images/logo.gif",
	} {
		got, err := os.ReadFile(filepath.Join(dir, exported))
		if err != nil || !bytes.Equal(got, tree[original].Data) {
			t.Errorf("export %s: %v, same bytes as %s: %v", exported, err, original, bytes.Equal(got, tree[original].Data))
		}
	}
	back, err := transfer.Import(app, space, os.DirFS(dir), transfer.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if back.Files.Unchanged != 5 || back.Files.Created+back.Files.Updated+back.Files.Refused != 0 {
		t.Errorf("re-import of the export: %+v", back.Files)
	}
	var table bytes.Buffer
	if err := sum.WriteTable(&table); err != nil || !strings.Contains(table.String(), "files:") || !strings.Contains(table.String(), "LICENSE") {
		t.Errorf("summary table lacks the files: %v\n%s", err, table.String())
	}
}
