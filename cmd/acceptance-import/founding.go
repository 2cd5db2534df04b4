package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// foundingPath is where the founding page lives in its Wiki.js tree.
const foundingPath = "Knowledge-base/Dictionary/backend-programming"

// checkFounding imports the founding Wiki.js page into a private space and round-trips it.
func checkFounding(app core.App, c *checks, dir, exportDir string) error {
	fmt.Println("\n== Founding page (Wiki.js):", dir)
	space, err := saveSpace(app, "founding", schema.VisibilityPrivate)
	if err != nil {
		return err
	}
	sum, err := transfer.Import(app, space, os.DirFS(dir), transfer.ImportOptions{})
	if err != nil {
		return fmt.Errorf("import the founding page: %w", err)
	}
	if err := sum.WriteTable(os.Stdout); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(dir, "*", "*", "*.md"))
	if err != nil {
		return err
	}
	if sum.Format != string(transfer.FormatWikiJS) || sum.Failed > 0 || sum.Created != len(files) {
		c.fail("founding tree: format %s, created %d of %d files, failed %d", sum.Format, sum.Created, len(files), sum.Failed)
	}
	page, err := findPageAt(app, space, "en", foundingPath)
	if err != nil {
		c.fail("%v", err)
		return nil
	}
	c.pass("en/%s: %q, %s, created %s, updated %s, extra %s", foundingPath, page.GetString(schema.PageTitle),
		page.GetString(schema.PageStatus), page.GetDateTime(schema.PageCreated), page.GetDateTime(schema.PageUpdated),
		page.GetString(schema.PageExtra))
	if err := reimport(app, c, space, os.DirFS(dir), "the founding page"); err != nil {
		return err
	}
	if err := roundTrip(app, c, space, os.DirFS(dir), transfer.FormatWikiJS, exportDir); err != nil {
		return err
	}
	data, err := os.ReadFile(filepath.Join(exportDir, filepath.FromSlash(foundingPath)+".md"))
	if err != nil {
		return err
	}
	original, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(foundingPath)+".md"))
	if err != nil {
		return err
	}
	if bytes.Equal(data, original) {
		c.pass("the exported founding page is byte for byte the original file")
	} else {
		c.fail("the exported founding page differs from the original file")
	}
	front, _, _ := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
	fmt.Printf("  exported front matter:\n    %s\n", strings.ReplaceAll(front, "\n", "\n    "))
	return nil
}
