// Command acceptance-import is the import/export acceptance step: on a fresh Folio app in a
// temporary folder it imports the CNCF glossary (a Hugo tree, 16 locales) and the founding
// Wiki.js page from ../shared/corpora, checks the page count of every locale against the
// files in the tree, prints the translation coverage report, and round-trips both spaces
// (import → export → compare front matter → re-import: no new revision); then the Docsy
// example site with its images (docsy.go). It exits non-zero
// when any valid file was refused or any check fails.
//
//	go run ./cmd/acceptance-import -corpora ../shared/corpora
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/hooks/transfer/scratch"
)

func main() {
	corpora := flag.String("corpora", "../shared/corpora", "folder holding cncf-glossary/ and wikijs/")
	flag.Parse()
	if err := run(*corpora); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("PASS: import/export acceptance")
}

func run(corpora string) error {
	tmp, err := os.MkdirTemp("", "folio-acceptance-import-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	app, err := scratch.New(filepath.Join(tmp, "pb_data"))
	if err != nil {
		return err
	}
	defer scratch.Close(app)

	c := &checks{}
	glossary := filepath.Join(corpora, "cncf-glossary")
	if err := checkGlossary(app, c, glossary, filepath.Join(tmp, "glossary-export")); err != nil {
		return err
	}
	founding := filepath.Join(corpora, "wikijs")
	if err := checkFounding(app, c, founding, filepath.Join(tmp, "founding-export")); err != nil {
		return err
	}
	if err := checkDocsy(app, c, filepath.Join(corpora, "docsy-example"), filepath.Join(tmp, "docsy-export")); err != nil {
		return err
	}
	return c.result()
}

// checks collects failed checks, so that one run reports all of them.
type checks struct{ failed []string }

func (c *checks) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	fmt.Println("  ✗", msg)
	c.failed = append(c.failed, msg)
}

func (c *checks) pass(format string, args ...any) {
	fmt.Println("  ✓", fmt.Sprintf(format, args...))
}

func (c *checks) result() error {
	if len(c.failed) > 0 {
		return fmt.Errorf("%d check(s) failed", len(c.failed))
	}
	return nil
}

// saveSpace saves a space with source locale en and no members.
func saveSpace(app core.App, slug, visibility string) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
	if err != nil {
		return nil, err
	}
	space := core.NewRecord(col)
	space.Set(schema.SpaceSlug, slug)
	space.Set(schema.SpaceName, slug)
	space.Set(schema.SpaceVisibility, visibility)
	space.Set(schema.SpaceSourceLocale, "en")
	return space, app.Save(space)
}

// countRevisions counts the revisions of every page of space.
func countRevisions(app core.App, space *core.Record) (int, error) {
	var n int
	err := app.DB().Select("count(*)").From(schema.CollectionRevisions+" r").
		InnerJoin(schema.CollectionPages+" p", dbx.NewExp("p.id = r."+schema.RevisionPage)).
		Where(dbx.HashExp{"p." + schema.PageSpace: space.Id}).Row(&n)
	return n, err
}
