package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/attachments"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// checkDocsy imports the Docsy example site (Hugo, en/no/fa, page bundles with JPEGs) and
// checks that its files came along: every file under content/ is an attachment, no image
// reference is broken except ones pointing outside content/ (listed by name), and a round trip
// (export, compare bytes, re-import) changes nothing.
func checkDocsy(app core.App, c *checks, dir, exportDir string) error {
	fmt.Println("\n== Docsy example (Hugo with images):", dir)
	space, err := saveSpace(app, "docsy", schema.VisibilityPublic)
	if err != nil {
		return err
	}
	tree := os.DirFS(dir)
	sum, err := transfer.Import(app, space, tree, transfer.ImportOptions{})
	if err != nil {
		return fmt.Errorf("import docsy-example: %w", err)
	}
	if err := sum.WriteTable(os.Stdout); err != nil {
		return err
	}
	originals, err := contentFiles(tree)
	if err != nil {
		return err
	}
	if sum.Files.Created != len(originals) {
		c.fail("docsy files: %d attachments created, want the %d non-markdown files under content/", sum.Files.Created, len(originals))
	} else {
		c.pass("docsy files: all %d non-markdown files under content/ are attachments", len(originals))
	}
	for _, e := range sum.Files.Errors {
		if strings.HasPrefix(e.File, "content/") {
			c.fail("docsy file %s refused: %s", e.File, e.Reason)
		}
	}
	if err := checkImageRefs(app, c, space, tree); err != nil {
		return err
	}
	if err := reimportFiles(app, c, space, tree, "docsy-example"); err != nil {
		return err
	}
	if _, err := transfer.Export(app, space, exportDir); err != nil {
		return fmt.Errorf("export docsy: %w", err)
	}
	if err := compareExportedFiles(c, originals, exportDir); err != nil {
		return err
	}
	return reimportFiles(app, c, space, os.DirFS(exportDir), "the docsy export")
}

// contentFiles returns the sha256 of every non-markdown file under content/, by file.
func contentFiles(tree fs.FS) (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(tree, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		data, err := fs.ReadFile(tree, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		out[p] = hex.EncodeToString(sum[:])
		return nil
	})
	return out, err
}

// checkImageRefs: every broken image reference must point outside content/ — no file of the
// tree's content/ sits at its path; those are listed by name.
func checkImageRefs(app core.App, c *checks, space *core.Record, tree fs.FS) error {
	report, err := attachments.Report(app, space.Id)
	if err != nil {
		return err
	}
	var outside, inside []string
	for _, b := range report.Broken {
		if b.Kind != schema.AssetKindImage {
			continue
		}
		name := fmt.Sprintf("%s/%s: %s", b.Locale, b.PagePath, b.Href)
		if existsUnderContent(tree, b.Path) || (b.AltPath != "" && existsUnderContent(tree, b.AltPath)) {
			inside = append(inside, name)
		} else {
			outside = append(outside, name)
		}
	}
	if len(inside) > 0 {
		c.fail("docsy: %d broken image reference(s) to files under content/: %s", len(inside), strings.Join(inside, "; "))
	} else {
		c.pass("docsy: %d file references indexed, 0 broken image references to content/", report.References)
	}
	for _, o := range outside {
		fmt.Println("    broken image reference pointing outside content/:", o)
	}
	return nil
}

func existsUnderContent(tree fs.FS, p string) bool {
	matches, _ := fs.Glob(tree, "content/*/"+p)
	_, err := fs.Stat(tree, "content/"+p)
	return len(matches) > 0 || err == nil
}

// compareExportedFiles: the export holds every original file's bytes, and nothing else besides
// the pages.
func compareExportedFiles(c *checks, originals map[string]string, dir string) error {
	var exported []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		exported = append(exported, hex.EncodeToString(sum[:]))
		return nil
	})
	if err != nil {
		return err
	}
	want := make([]string, 0, len(originals))
	for _, s := range originals {
		want = append(want, s)
	}
	slices.Sort(want)
	slices.Sort(exported)
	if !slices.Equal(want, exported) {
		c.fail("docsy export: %d files whose bytes differ from the %d originals", len(exported), len(want))
	} else {
		c.pass("docsy export: %d files, byte-identical to the originals", len(exported))
	}
	return nil
}

// reimportFiles imports tree into space again: no page and no file may change.
func reimportFiles(app core.App, c *checks, space *core.Record, tree fs.FS, what string) error {
	before, err := countRevisions(app, space)
	if err != nil {
		return err
	}
	sum, err := transfer.Import(app, space, tree, transfer.ImportOptions{})
	if err != nil {
		return fmt.Errorf("re-import %s: %w", what, err)
	}
	after, err := countRevisions(app, space)
	if err != nil {
		return err
	}
	f := sum.Files
	if sum.Created+sum.Updated+sum.Failed+f.Created+f.Updated > 0 || after != before {
		c.fail("re-importing %s: pages created %d, updated %d, failed %d; files created %d, updated %d; revisions %d → %d",
			what, sum.Created, sum.Updated, sum.Failed, f.Created, f.Updated, before, after)
		return nil
	}
	c.pass("re-importing %s: %d pages and %d files unchanged, no new revision", what, sum.Unchanged, f.Unchanged)
	return nil
}
