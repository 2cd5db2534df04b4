package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/mdtree"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// checkHugoRoundTrip imports the Hugo site at dir into a new space, exports it with
// ExportHugo, compares every page file with the original byte for byte, and re-imports the
// export: no page may change and no revision be made.
func checkHugoRoundTrip(app core.App, c *checks, dir, exportDir string) error {
	name := filepath.Base(dir)
	fmt.Println("== Hugo round trip:", dir)
	space, err := saveSpace(app, name+"-hugo")
	if err != nil {
		return err
	}
	sum, err := transfer.Import(app, space, os.DirFS(dir), transfer.ImportOptions{Format: transfer.FormatHugo})
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		c.fail("%s: %d file(s) refused on import: %v", name, sum.Failed, sum.Errors)
	}
	if _, err := transfer.ExportHugo(app, space, exportDir, ""); err != nil {
		return fmt.Errorf("export %s: %w", name, err)
	}
	if err := compareTrees(c, name, filepath.Join(dir, "content"), filepath.Join(exportDir, "content")); err != nil {
		return err
	}
	revs, err := countRevisions(app, space)
	if err != nil {
		return err
	}
	again, err := transfer.Import(app, space, os.DirFS(exportDir), transfer.ImportOptions{Format: transfer.FormatHugo})
	if err != nil {
		return err
	}
	after, err := countRevisions(app, space)
	if err != nil {
		return err
	}
	if again.Created != 0 || again.Updated != 0 || again.Failed != 0 || after != revs {
		c.fail("%s: re-importing the export created %d, updated %d, refused %d page(s), made %d revision(s)", name, again.Created, again.Updated, again.Failed, after-revs)
	} else {
		c.pass("%s: re-importing the export changes no page (%d unchanged) and makes no revision", name, again.Unchanged)
	}
	return nil
}

// compareTrees checks that every page file under want (a content folder) was written under got
// with the same bytes, and that got has no page file want does not.
func compareTrees(c *checks, name, want, got string) error {
	var differ, missing, others []string
	pages := 0
	err := filepath.WalkDir(want, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(want, p)
		rel = filepath.ToSlash(rel)
		if _, _, ok, _ := mdtree.PageFile(mdtree.FormatHugo, rel, "en"); !ok {
			others = append(others, rel)
			return nil
		}
		pages++
		a, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(filepath.Join(got, filepath.FromSlash(rel)))
		switch {
		case err != nil:
			missing = append(missing, rel)
		case !bytes.Equal(a, b):
			differ = append(differ, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	extra := 0
	_ = filepath.WalkDir(got, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(got, p)
			if _, err := os.Stat(filepath.Join(want, rel)); err != nil {
				extra++
			}
		}
		return nil
	})
	problems := append(append([]string{}, missing...), differ...)
	if extra > 0 {
		problems = append(problems, fmt.Sprintf("%d file(s) written that the site does not have", extra))
	}
	report(c, problems, "%s: all %d page files exported byte for byte under their own names (%d other file(s) are not pages: %s)",
		name, pages, len(others), summarize(others))
	return nil
}

func summarize(files []string) string {
	exts := map[string]int{}
	for _, f := range files {
		exts[filepath.Ext(f)]++
	}
	var parts []string
	for e, n := range exts {
		parts = append(parts, fmt.Sprintf("%d %s", n, strings.TrimPrefix(e, ".")))
	}
	return strings.Join(parts, ", ")
}

// countRevisions counts the revisions of every page of space.
func countRevisions(app core.App, space *core.Record) (int, error) {
	var n int
	err := app.DB().Select("count(*)").From(schema.CollectionRevisions+" r").
		InnerJoin(schema.CollectionPages+" p", dbx.NewExp("p.id = r."+schema.RevisionPage)).
		Where(dbx.HashExp{"p." + schema.PageSpace: space.Id}).Row(&n)
	return n, err
}
