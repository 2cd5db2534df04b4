// Command acceptance is the git history acceptance step: on fresh Folio apps in a temporary
// folder it replays ../shared/corpora/cncf-glossary-history.bundle and checks the result
// against what it derives from the history itself — every page's revisions (one per
// first-parent commit that changed its title, description, body or tags, renames followed),
// their dates, summaries and commits, the final content against the last tree, the
// translation states — then that a second run imports nothing, and that an import killed
// with SIGKILL and run again ends exactly as the uninterrupted one. Then it round-trips the
// Hugo trees of ../shared/corpora/cncf-glossary and docsy-example through folio's Hugo export,
// byte for byte. It exits non-zero when any check fails.
//
//	go run ./hooks/transfer/acceptance -corpora ../shared/corpora
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/hooks/transfer/scratch"
)

func main() {
	corpora := flag.String("corpora", "../shared/corpora", "folder holding cncf-glossary-history.bundle, cncf-glossary/ and docsy-example/")
	skipKill := flag.Bool("skip-kill", false, "leave out the SIGKILL check (it builds and runs the folio binary)")
	flag.Parse()
	if err := run(*corpora, *skipKill); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("PASS: git history and Hugo round-trip acceptance")
}

func run(corpora string, skipKill bool) error {
	tmp, err := os.MkdirTemp("", "folio-acceptance-git-")
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
	bundle := filepath.Join(corpora, "cncf-glossary-history.bundle")
	if err := checkHistory(app, c, bundle, tmp, skipKill); err != nil {
		return err
	}
	for _, name := range []string{"cncf-glossary", "docsy-example"} {
		if err := checkHugoRoundTrip(app, c, filepath.Join(corpora, name), filepath.Join(tmp, name+"-export")); err != nil {
			return err
		}
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

// saveSpace saves a private space with source locale en and no members.
func saveSpace(app core.App, slug string) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
	if err != nil {
		return nil, err
	}
	space := core.NewRecord(col)
	space.Set(schema.SpaceSlug, slug)
	space.Set(schema.SpaceName, slug)
	space.Set(schema.SpaceVisibility, schema.VisibilityPrivate)
	space.Set(schema.SpaceSourceLocale, "en")
	return space, app.Save(space)
}
