package transfer_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

func readExported(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "content", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExportHugoRewritesOnlyWhatChanged(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "docs", schema.VisibilityPrivate)
	styled := "---\n# the term's card\ntitle: \"Cluster\"   # shown in lists\ncategory: concept\ntags: [\"infra\", \"core\"]\nweight: 010\n---\n\nBody.\n"
	tree := fstest.MapFS{
		"content/en/_index.md":          file("---\ntitle: Home\n---\n"),
		"content/en/cluster.md":         file(styled),
		"content/en/untouched.md":       file("---\r\ntitle:   'Kept'\r\nlastmod: 2024-01-02\r\n---\r\nAs it was.\r\n"),
		"content/en/guide/index.md":     file("---\ntitle: Guide\n---\nA leaf bundle.\n"),
		"content/en/docs/_index.md":     file("No front matter at all.\n"),
		"content/en/docs/Install Me.md": file("---\ntitle: Install\n---\nSteps.\n"),
	}
	if sum, err := transfer.Import(app, space, tree, transfer.ImportOptions{}); err != nil || sum.Failed > 0 {
		t.Fatalf("import: %v %v", err, sum.Errors)
	}
	page := findPage(t, app, space, "en", "cluster")
	page.Set(schema.PageTitle, "Clusters")
	page.Set(schema.PageStatus, schema.PageDraft)
	page.Set(schema.PageTags, []string{"infra"})
	var extra map[string]any
	if err := json.Unmarshal([]byte(page.GetString(schema.PageExtra)), &extra); err != nil {
		t.Fatal(err)
	}
	extra["owner"] = "sig-docs"
	page.Set(schema.PageExtra, extra)
	if err := app.Save(page); err != nil {
		t.Fatal(err)
	}
	fresh := testapp.CreateRecord(t, app, schema.CollectionPages, map[string]any{
		schema.PageSpace: space.Id, schema.PageLocale: "en", schema.PagePath: "docs/new-page",
		schema.PageTitle: "New", schema.PageBody: "Made in Folio.\n", schema.PageStatus: schema.PagePublished,
	})
	_ = fresh

	dir := t.TempDir()
	if _, err := transfer.ExportHugo(app, space, dir, ""); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"en/untouched.md", "en/guide/index.md", "en/docs/_index.md", "en/docs/Install Me.md", "en/_index.md"} {
		if got := readExported(t, dir, name); got != string(tree["content/"+name].Data) {
			t.Errorf("%s = %q, want the file byte for byte", name, got)
		}
	}
	got := readExported(t, dir, "en/cluster.md")
	for _, want := range []string{"# the term's card\n", `title: "Clusters" # shown in lists`, "category: concept\n", `tags: ["infra"]`, "weight: 010\n", "owner: sig-docs\n", "draft: true\n", "\nBody.\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("cluster.md lacks %q:\n%s", want, got)
		}
	}
	if got := readExported(t, dir, "en/docs/new-page.md"); got != "---\ntitle: New\n---\nMade in Folio.\n" {
		t.Errorf("a page made in Folio is written %q; want its title only, no invented keys", got)
	}
	// The export reads back as the same pages.
	revs := countRevisions(t, app, space)
	sum, err := transfer.Import(app, space, os.DirFS(dir), transfer.ImportOptions{})
	if err != nil || sum.Created+sum.Updated+sum.Failed != 0 || countRevisions(t, app, space) != revs {
		t.Fatalf("re-import: %+v %v", sum, err)
	}
}

func TestExportHugoWritesProvenanceBack(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "docs", schema.VisibilityPrivate)
	m := newMemRepo(t)
	c1 := m.commit("en v1", map[string]string{"content/en/a.md": hugoPage("A", "v1")})
	c2 := m.commit("en v2", map[string]string{"content/en/a.md": hugoPage("A", "v2")})
	ko := hugoPage("가", "v1 번역", "default_lang_commit: "+c1.String())
	m.commit("ko", map[string]string{"content/ko/a.md": ko})
	importGit(t, app, space, m)

	dir := t.TempDir()
	if _, err := transfer.ExportHugo(app, space, dir, ""); err != nil {
		t.Fatal(err)
	}
	if got := readExported(t, dir, "ko/a.md"); got != ko {
		t.Fatalf("ko/a.md = %q, want it as it came", got)
	}
	// The translator brings it up to v2 in Folio: the export names v2's commit.
	page := findPage(t, app, space, "ko", "a")
	page.Set(schema.PageSourceRevision, 2)
	if err := app.Save(page); err != nil {
		t.Fatal(err)
	}
	if _, err := transfer.ExportHugo(app, space, dir, ""); err != nil {
		t.Fatal(err)
	}
	if got := readExported(t, dir, "ko/a.md"); !strings.Contains(got, "default_lang_commit: "+c2.String()) {
		t.Fatalf("ko/a.md = %q, want the key naming %s", got, c2)
	}
}

func TestHugoRepeatedKeysImportWithAWarning(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "docs", schema.VisibilityPrivate)
	repeated := "---\ntitle: First\ncategory: a\ntitle: Second\n---\nBody.\n"
	sum, err := transfer.Import(app, space, fstest.MapFS{
		"content/en/_index.md": file("---\ntitle: Home\n---\n"),
		"content/en/term.md":   file(repeated),
	}, transfer.ImportOptions{})
	if err != nil || sum.Failed != 0 {
		t.Fatalf("import: %v %v", err, sum.Errors)
	}
	if len(sum.Warnings) != 1 || sum.Warnings[0].File != "content/en/term.md" || !strings.Contains(sum.Warnings[0].Reason, `repeats the key "title" at lines 2 and 4`) {
		t.Fatalf("warnings = %+v", sum.Warnings)
	}
	if got := findPage(t, app, space, "en", "term").GetString(schema.PageTitle); got != "Second" {
		t.Fatalf("title = %q, want the last value, as Hugo builds it", got)
	}
	// Wiki.js stays strict.
	wiki, err := transfer.Import(app, createSpace(t, app, "wiki", schema.VisibilityPrivate), fstest.MapFS{"term.md": file(repeated)}, transfer.ImportOptions{Format: transfer.FormatWikiJS})
	if err != nil || wiki.Failed != 1 || !strings.Contains(wiki.Errors[0].Reason, "keep only one") {
		t.Fatalf("Wiki.js import: %+v %v", wiki, err)
	}
}

func TestDriftedFromDefaultImportsOutdated(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "docs", schema.VisibilityPrivate)
	sum, err := transfer.Import(app, space, fstest.MapFS{
		"content/en/_index.md": file("---\ntitle: Home\n---\n"),
		"content/en/a.md":      file("---\ntitle: A\n---\n"),
		"content/en/b.md":      file("---\ntitle: B\n---\n"),
		"content/fr/a.md":      file("---\ntitle: A fr\ndrifted_from_default: true\n---\n"),
		"content/fr/b.md":      file("---\ntitle: B fr\ndrifted_from_default: false\n---\n"),
	}, transfer.ImportOptions{})
	if err != nil || sum.Failed != 0 {
		t.Fatalf("import: %v %v", err, sum.Errors)
	}
	if got := findPage(t, app, space, "fr", "a").GetString(schema.PageTranslationState); got != schema.TranslationOutdated {
		t.Errorf("fr/a (drifted) is %s, want outdated", got)
	}
	if got := findPage(t, app, space, "fr", "b").GetString(schema.PageTranslationState); got != schema.TranslationCurrent {
		t.Errorf("fr/b is %s, want current", got)
	}
}
