package main

import (
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// reimport imports tree into space again: every file must come back unchanged, with no new
// revision.
func reimport(app core.App, c *checks, space *core.Record, tree fs.FS, what string) error {
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
	if sum.Created+sum.Updated+sum.Failed > 0 || after != before {
		c.fail("re-importing %s: created %d, updated %d, failed %d, revisions %d → %d; want all unchanged",
			what, sum.Created, sum.Updated, sum.Failed, before, after)
		return nil
	}
	c.pass("re-importing %s: %d unchanged, no new revision (%d revisions)", what, sum.Unchanged, after)
	return nil
}

// roundTrip exports space as a Wiki.js tree to dir, checks that the exported file of every
// page of tree means what the original meant, with the same body, and re-imports the export.
func roundTrip(app core.App, c *checks, space *core.Record, tree fs.FS, format transfer.Format, dir string) error {
	n, err := transfer.Export(app, space, dir)
	if err != nil {
		return fmt.Errorf("export %s: %w", schema.AsSpace(space).Slug(), err)
	}
	diffs := transfer.CompareExport(tree, format, schema.AsSpace(space).SourceLocale(), dir)
	if len(diffs) > 0 {
		examples := make([]string, 0, 5)
		for _, d := range diffs[:min(5, len(diffs))] {
			examples = append(examples, d.Error())
		}
		c.fail("export of %d pages: %d differ from their files, such as:\n      %s", n, len(diffs), strings.Join(examples, "\n      "))
	} else {
		c.pass("export of %d pages: every file's front matter keeps its meaning, and its body", n)
	}
	return reimport(app, c, space, os.DirFS(dir), "the export")
}
