package mdtree_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"folio/hooks/internal/frontmatter"
	"folio/hooks/internal/mdtree"
)

var wikiJSKeys = []string{"title", "description", "published", "date", "tags", "editor", "dateCreated"}

// exportOf is what the export concern will do with a stored page.
func exportOf(e mdtree.Entry) mdtree.ExportPage {
	published, _ := e.Doc.Published()
	date, _ := e.Doc.Date("date")
	created, _ := e.Doc.Date("dateCreated")
	return mdtree.ExportPage{
		Locale: e.Locale,
		Path:   e.Path,
		Fields: frontmatter.WikiJSFields{
			Title:       e.Doc.Title(),
			Description: e.Doc.Description(),
			Published:   published,
			Date:        date,
			Tags:        e.Doc.Tags(),
			Editor:      e.Doc.String("editor"),
			DateCreated: created,
		},
		Extra: e.Doc.Extra(wikiJSKeys...),
		Body:  e.Doc.Body,
	}
}

// TestWriteWikiJSRoundTrip reads both formats, writes them as Wiki.js and
// reads the result back: every page must come back with the same locale,
// path and front matter.
func TestWriteWikiJSRoundTrip(t *testing.T) {
	trees := map[string]struct {
		fsys   fs.FS
		format mdtree.Format
	}{
		"wiki.js": {wikiTree(), mdtree.FormatWikiJS},
		"hugo":    {hugoTree(), mdtree.FormatHugo},
	}
	for name, tree := range trees {
		t.Run(name, func(t *testing.T) {
			before, _ := mdtree.Read(tree.fsys, tree.format, "en")
			pages := make([]mdtree.ExportPage, len(before))
			for i, e := range before {
				pages[i] = exportOf(e)
			}
			dir := t.TempDir()
			if err := mdtree.WriteWikiJS(dir, pages, "en"); err != nil {
				t.Fatal(err)
			}
			after, errs := mdtree.Read(os.DirFS(dir), mdtree.FormatWikiJS, "en")
			if len(errs) > 0 {
				t.Fatalf("reading the export: %v", errs)
			}
			if len(after) != len(before) {
				t.Fatalf("read %d pages back, wrote %d", len(after), len(before))
			}
			for i := range before {
				comparePages(t, before[i], after[i])
			}
		})
	}
}

func comparePages(t *testing.T, a, b mdtree.Entry) {
	t.Helper()
	pa, okA := a.Doc.Published()
	pb, _ := b.Doc.Published()
	da, _ := a.Doc.Date("date")
	db, _ := b.Doc.Date("date")
	ca, _ := a.Doc.Date("dateCreated")
	cb, _ := b.Doc.Date("dateCreated")
	switch {
	case a.Locale != b.Locale || a.Path != b.Path:
		t.Errorf("%s came back as %s/%s", a.File, b.Locale, b.Path)
	case a.Doc.Title() != b.Doc.Title() || a.Doc.Description() != b.Doc.Description():
		t.Errorf("%s: title %q/%q came back as %q/%q", a.File, a.Doc.Title(), a.Doc.Description(), b.Doc.Title(), b.Doc.Description())
	case !slices.Equal(a.Doc.Tags(), b.Doc.Tags()):
		t.Errorf("%s: tags %q came back as %q", a.File, a.Doc.Tags(), b.Doc.Tags())
	case okA && pa != pb:
		t.Errorf("%s: published %v came back as %v", a.File, pa, pb)
	case !da.Equal(db) || !ca.Equal(cb):
		t.Errorf("%s: dates %v, %v came back as %v, %v", a.File, da, ca, db, cb)
	case !reflect.DeepEqual(a.Doc.Extra(wikiJSKeys...), b.Doc.Extra(wikiJSKeys...)):
		t.Errorf("%s: extra %v came back as %v", a.File, a.Doc.Extra(wikiJSKeys...), b.Doc.Extra(wikiJSKeys...))
	case a.Doc.Body != b.Doc.Body:
		t.Errorf("%s: body %q came back as %q", a.File, a.Doc.Body, b.Doc.Body)
	}
}

func TestWriteWikiJSLayout(t *testing.T) {
	date := time.Date(2024, 3, 5, 9, 12, 30, 250e6, time.UTC)
	page := func(locale, path string) mdtree.ExportPage {
		return mdtree.ExportPage{Locale: locale, Path: path, Fields: frontmatter.WikiJSFields{Title: path, Published: true, Date: date, DateCreated: date}, Body: "\nx\n"}
	}
	pages := []mdtree.ExportPage{page("en", "Knowledge-base/Dictionary/queue"), page("KO", "Knowledge-base/Dictionary/queue"), page("zh-cn", "home"), page("en", "ko")}
	dir := t.TempDir()
	if err := mdtree.WriteWikiJS(dir, pages, "en"); err != nil {
		t.Fatal(err)
	}
	want := []string{"Knowledge-base/Dictionary/queue.md", "ko.md", "ko/Knowledge-base/Dictionary/queue.md", "zh-cn/home.md"}
	if got := filesUnder(t, dir); !slices.Equal(got, want) {
		t.Errorf("files = %q, want %q", got, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, "zh-cn", "home.md"))
	if err != nil {
		t.Fatal(err)
	}
	if wantText := string(frontmatter.WikiJS(pages[2].Fields, nil, "\nx\n")); string(data) != wantText {
		t.Errorf("zh-cn/home.md =\n%s\nwant\n%s", data, wantText)
	}
}

func TestWriteWikiJSRefusesBadPages(t *testing.T) {
	good := mdtree.ExportPage{Locale: "en", Path: "ok"}
	cases := []struct {
		name string
		page mdtree.ExportPage
		want string
	}{
		{"dot-dot", mdtree.ExportPage{Locale: "ko", Path: "../../etc/passwd"}, `".."`},
		{"absolute", mdtree.ExportPage{Locale: "en", Path: "/etc/passwd"}, "empty"},
		{"bad locale", mdtree.ExportPage{Locale: "../x", Path: "a"}, "not a locale code"},
		{"question mark", mdtree.ExportPage{Locale: "ja", Path: "a?b"}, `"?"`},
		{"same file but case", mdtree.ExportPage{Locale: "en", Path: "OK"}, "both be written to OK.md"},
		{"default page under a locale folder", mdtree.ExportPage{Locale: "en", Path: "ko/intro"}, "named like a locale"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			err := mdtree.WriteWikiJS(dir, []mdtree.ExportPage{good, c.page}, "en")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("WriteWikiJS error = %v, want it to mention %q", err, c.want)
			}
			if files := filesUnder(t, dir); len(files) > 0 {
				t.Errorf("a refused export wrote %q", files)
			}
		})
	}
}

func TestWriteWikiJSStaysInsideThroughLinks(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "ko")); err != nil {
		t.Skip("symbolic links unavailable:", err)
	}
	err := mdtree.WriteWikiJS(dir, []mdtree.ExportPage{{Locale: "ko", Path: "page"}}, "en")
	if err == nil {
		t.Error("WriteWikiJS followed a symbolic link out of the export folder")
	}
	if files := filesUnder(t, outside); len(files) > 0 {
		t.Errorf("wrote %q outside the export folder", files)
	}
}

func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}
