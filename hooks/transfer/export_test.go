package transfer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"folio/hooks/internal/frontmatter"
	"folio/hooks/internal/mdtree"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// exportedFile maps each fixture file to the file the export writes for its page.
type exportedFile struct{ original, exported string }

func TestRoundTripWikiJS(t *testing.T) {
	files := []exportedFile{}
	for name := range wikiTree() {
		files = append(files, exportedFile{name, name})
	}
	roundTrip(t, wikiTree(), mdtree.FormatWikiJS, files)
}

func TestRoundTripHugo(t *testing.T) {
	roundTrip(t, hugoTree(), mdtree.FormatHugo, []exportedFile{
		{"content/en/_index.md", "index.md"},
		{"content/en/cluster.md", "cluster.md"},
		{"content/en/firewall.md", "firewall.md"},
		{"content/en/contribute/_index.md", "contribute.md"},
		{"content/ko/cluster.md", "ko/cluster.md"},
		{"content/ko/nodes.md", "ko/nodes.md"},
	})
}

// roundTrip imports tree, exports the space, checks that every exported file means what its
// original meant with the same body, and re-imports the export: nothing may change.
func roundTrip(t *testing.T, tree fstest.MapFS, format mdtree.Format, files []exportedFile) {
	t.Helper()
	app := testapp.New(t)
	space := createSpace(t, app, "kb", schema.VisibilityPrivate)
	first := mustImport(t, app, space, tree, transfer.ImportOptions{})
	revisions := countRevisions(t, app, space)

	dir := t.TempDir()
	n, err := transfer.Export(app, space, dir)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	if n != first.Created {
		t.Errorf("exported %d pages, imported %d", n, first.Created)
	}
	for _, f := range files {
		original, err := frontmatter.Parse(tree[f.original].Data)
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.exported)))
		if err != nil {
			t.Errorf("%s was not exported as %s: %v", f.original, f.exported, err)
			continue
		}
		exported, err := frontmatter.Parse(data)
		if err != nil {
			t.Fatalf("exported %s: %v", f.exported, err)
		}
		if diffs := transfer.FrontMatterDiff(original, format, exported); len(diffs) > 0 {
			t.Errorf("%s → %s changed meaning: %s", f.original, f.exported, strings.Join(diffs, "; "))
		}
		if exported.Body != original.Body {
			t.Errorf("%s body = %q, want %q", f.exported, exported.Body, original.Body)
		}
	}

	again, err := transfer.Import(app, space, os.DirFS(dir), transfer.ImportOptions{Format: mdtree.FormatWikiJS})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, again, 0, 0, first.Created, 0)
	if n := countRevisions(t, app, space); n != revisions {
		t.Errorf("revisions = %d after re-importing the export, want %d", n, revisions)
	}
}

func TestExportWritesExtraAndWikiJSKeys(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "kb", schema.VisibilityPrivate)
	mustImport(t, app, space, wikiTree(), transfer.ImportOptions{})
	dir := t.TempDir()
	if _, err := transfer.Export(app, space, dir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "Knowledge-base", "Dictionary", "message-queue.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := "---\ntitle: Message Queue\ndescription: How work is handed over\npublished: true\n" +
		"date: 2024-03-05T09:12:30.250Z\ntags: backend, messaging\neditor: markdown\n" +
		"dateCreated: 2024-03-01T18:00:00.000Z\naliases:\n  - /mq\n  - /queues\nweight: 3\n---\n"
	if !strings.HasPrefix(string(data), want) {
		t.Errorf("exported front matter =\n%s\nwant\n%s", data, want)
	}
	ja, err := os.ReadFile(filepath.Join(dir, "ja", "Knowledge-base", "Dictionary", "message-queue.md"))
	if err != nil || !strings.Contains(string(ja), "published: false\n") {
		t.Errorf("ja draft exported as %q, %v", ja, err)
	}
}
