package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// checkGlossary imports the CNCF glossary into a public space and checks it.
func checkGlossary(app core.App, c *checks, dir, exportDir string) error {
	fmt.Println("== CNCF glossary (Hugo, 16 locales):", dir)
	space, err := saveSpace(app, "cncf-glossary", schema.VisibilityPublic)
	if err != nil {
		return err
	}
	start := time.Now()
	sum, err := transfer.Import(app, space, os.DirFS(dir), transfer.ImportOptions{})
	if err != nil {
		return fmt.Errorf("import the glossary: %w", err)
	}
	fmt.Printf("imported %d files in %s\n", sum.Total(), time.Since(start).Round(time.Millisecond))
	if err := sum.WriteTable(os.Stdout); err != nil {
		return err
	}
	if sum.Format != string(transfer.FormatHugo) {
		c.fail("format detected as %q, want hugo", sum.Format)
	}
	if sum.Failed > 0 {
		c.fail("%d valid file(s) of the glossary were refused", sum.Failed)
	}
	want, err := countFiles(filepath.Join(dir, "content"))
	if err != nil {
		return err
	}
	if err := compareCounts(app, c, space, want); err != nil {
		return err
	}
	if err := printCoverage(app, c, space, want); err != nil {
		return err
	}
	if err := checkLinks(app, c, space, sortedKeys(want)); err != nil {
		return err
	}
	if err := reimport(app, c, space, os.DirFS(dir), "the glossary"); err != nil {
		return err
	}
	return roundTrip(app, c, space, os.DirFS(dir), transfer.FormatHugo, exportDir)
}

// countFiles counts the .md files of each locale folder of a Hugo content folder by walking
// it, independently of the importer: every .md file but the _TEMPLATE.md page templates.
func countFiles(content string) (map[string]int, error) {
	locales, err := os.ReadDir(content)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, l := range locales {
		if !l.IsDir() {
			continue
		}
		err := filepath.WalkDir(filepath.Join(content, l.Name()), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(d.Name(), ".md") && d.Name() != "_TEMPLATE.md" {
				counts[l.Name()]++
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return counts, nil
}

// compareCounts checks the pages of each locale against the files of its folder.
func compareCounts(app core.App, c *checks, space *core.Record, want map[string]int) error {
	locales := sortedKeys(want)
	fmt.Printf("\n%-6s %6s %6s\n", "locale", "files", "pages")
	total, mismatched := 0, 0
	for _, l := range locales {
		n, err := app.CountRecords(schema.CollectionPages, dbx.HashExp{schema.PageSpace: space.Id, schema.PageLocale: l})
		if err != nil {
			return err
		}
		mark := ""
		if int(n) != want[l] {
			mark = "  ← mismatch"
			mismatched++
		}
		fmt.Printf("%-6s %6d %6d%s\n", l, want[l], n, mark)
		total += want[l]
	}
	all, err := app.CountRecords(schema.CollectionPages, dbx.HashExp{schema.PageSpace: space.Id})
	if err != nil {
		return err
	}
	fmt.Printf("%-6s %6d %6d\n", "total", total, all)
	switch {
	case mismatched > 0 || int(all) != total:
		c.fail("page counts differ from the files in %d locale(s) (%d files, %d pages)", mismatched, total, all)
	default:
		c.pass("%d locales, %d pages: every locale has one page per file", len(locales), all)
	}
	return nil
}

// checkLinks checks that site-absolute Hugo links ("/nodes/") resolve in the linking page's
// own locale — on the cluster term, in every locale that has both it and the nodes term — and
// reports how many internal links point at no page.
func checkLinks(app core.App, c *checks, space *core.Record, locales []string) error {
	var checked []string
	for _, locale := range locales {
		from, errFrom := findPageAt(app, space, locale, "cluster")
		to, errTo := findPageAt(app, space, locale, "nodes")
		if errFrom != nil || errTo != nil {
			continue
		}
		link, err := app.FindFirstRecordByFilter(schema.CollectionPageLinks,
			schema.PageLinkPage+" = {:p} && "+schema.PageLinkToPath+" = 'nodes'", dbx.Params{"p": from.Id})
		if err != nil {
			continue // this translation does not link the term
		}
		if link.GetString(schema.PageLinkToPage) != to.Id || link.GetString(schema.PageLinkToLocale) != locale {
			c.fail("%s/cluster links %q to %s/%s (page %q), want %s/nodes", locale, link.GetString(schema.PageLinkHref),
				link.GetString(schema.PageLinkToLocale), link.GetString(schema.PageLinkToPath), link.GetString(schema.PageLinkToPage), locale)
		}
		checked = append(checked, locale)
	}
	if !slices.Contains(checked, "en") || len(checked) < 2 {
		c.fail("site-absolute links: only %v have cluster linking to nodes", checked)
	} else {
		c.pass("cluster's link to /nodes/ resolves to nodes of its own locale in %d locales (%s)", len(checked), strings.Join(checked, ", "))
	}
	broken, err := app.CountRecords(schema.CollectionPageLinks, dbx.HashExp{schema.PageLinkSpace: space.Id, schema.PageLinkToPage: ""})
	if err != nil {
		return err
	}
	all, err := app.CountRecords(schema.CollectionPageLinks, dbx.HashExp{schema.PageLinkSpace: space.Id})
	if err != nil {
		return err
	}
	fmt.Printf("  internal links: %d, of which %d point at no page of the space (reported, not a failure)\n", all, broken)
	return nil
}

func findPageAt(app core.App, space *core.Record, locale, path string) (*core.Record, error) {
	p, err := app.FindFirstRecordByFilter(schema.CollectionPages,
		schema.PageSpace+" = {:s} && "+schema.PageLocale+" = {:l} && "+schema.PagePath+" = {:p}",
		dbx.Params{"s": space.Id, "l": locale, "p": path})
	if err != nil {
		return nil, fmt.Errorf("page %s/%s: %w", locale, path, err)
	}
	return p, nil
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
