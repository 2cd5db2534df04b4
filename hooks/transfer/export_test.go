package transfer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

func TestRoundTripWikiJS(t *testing.T) {
	roundTrip(t, wikiTree(), transfer.FormatWikiJS, 5)
}

func TestRoundTripHugo(t *testing.T) {
	roundTrip(t, hugoTree(), transfer.FormatHugo, 7)
}

// roundTrip imports tree, exports the space, checks that every exported file means what its
// original meant with the same body, and re-imports the export: nothing may change.
func roundTrip(t *testing.T, tree fstest.MapFS, format transfer.Format, pages int) {
	t.Helper()
	app := testapp.New(t)
	space := createSpace(t, app, "kb", schema.VisibilityPrivate)
	wantCounts(t, mustImport(t, app, space, tree, transfer.ImportOptions{}), pages, 0, 0, 0)
	revisions := countRevisions(t, app, space)

	dir := t.TempDir()
	n, err := transfer.Export(app, space, dir)
	if err != nil || n != pages {
		t.Fatalf("export: %d pages, %v; want %d", n, err, pages)
	}
	if diffs := transfer.CompareExport(tree, format, "en", dir); len(diffs) > 0 {
		t.Errorf("export changed the meaning of %d files: %v", len(diffs), diffs)
	}

	again, err := transfer.Import(app, space, os.DirFS(dir), transfer.ImportOptions{Format: transfer.FormatWikiJS})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, again, 0, 0, pages, 0)
	if n := countRevisions(t, app, space); n != revisions {
		t.Errorf("revisions = %d after re-importing the export, want %d", n, revisions)
	}
}

func TestCompareExportFindsChangedMeaning(t *testing.T) {
	dir := t.TempDir()
	exported := map[string]string{
		"home.md": strings.Replace(wikiHome, "title: Home", "title: Start", 1),
		"Knowledge-base/Dictionary/message-queue.md":    strings.Replace(wikiEN, "weight: 3", "weight: 4", 1),
		"ko/Knowledge-base/Dictionary/message-queue.md": strings.Replace(wikiKO, "tags: [백엔드, 메시징]", "tags: 백엔드, 메시징", 1),
		"ja/Knowledge-base/Dictionary/message-queue.md": strings.Replace(wikiJA, "仕事を渡します", "仕事を渡す", 1),
	}
	for name, text := range exported {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	diffs := map[string]string{}
	for _, d := range transfer.CompareExport(wikiTree(), transfer.FormatWikiJS, "en", dir) {
		diffs[d.File] = d.Reason
	}
	for file, want := range map[string]string{
		"home.md": "title: Home became Start",
		"Knowledge-base/Dictionary/message-queue.md":    "extra",
		"ja/Knowledge-base/Dictionary/message-queue.md": "another body",
		"zh/Knowledge-base/Dictionary/message-queue.md": "not exported",
	} {
		if !strings.Contains(diffs[file], want) {
			t.Errorf("%s: reason %q, want it to mention %q", file, diffs[file], want)
		}
	}
	if reason, ok := diffs["ko/Knowledge-base/Dictionary/message-queue.md"]; ok {
		t.Errorf("tags as a comma string mean the same as a list, yet: %s", reason)
	}
	if len(diffs) != 4 {
		t.Errorf("diffs = %v", diffs)
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
