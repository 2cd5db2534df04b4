package main

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/mdtree"
	"folio/hooks/schema"
)

// term is one glossary entry in one locale, saved as a page.
type term struct {
	locale, file, title, pageID string
	queries                     []string
}

// importCorpus saves every page of the Hugo tree into one public space, through app.Save so
// that every Folio hook runs, and returns the terms: the files directly under a locale folder.
// Section pages (_index.md, contribute/…) are imported too, as noise a real import has.
func importCorpus(app core.App, dir string) ([]term, error) {
	entries, skipped := mdtree.Read(os.DirFS(dir), mdtree.FormatHugo, "en")
	for _, e := range skipped {
		fmt.Fprintf(os.Stderr, "skipped %s\n", e)
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("no pages in %s", dir)
	}
	space, err := saveSpace(app, entries)
	if err != nil {
		return nil, err
	}
	pages, err := app.FindCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return nil, err
	}
	var terms []term
	for _, e := range entries {
		r := core.NewRecord(pages)
		r.Load(map[string]any{
			schema.PageSpace: space.Id, schema.PageLocale: e.Locale, schema.PagePath: e.Path,
			schema.PageTitle: e.Doc.Title(), schema.PageDescription: e.Doc.Description(),
			schema.PageBody: e.Doc.Body, schema.PageTags: e.Doc.Tags(), schema.PageStatus: schema.PagePublished,
		})
		if err := app.Save(r); err != nil {
			// A file Folio refuses (no title, say) is left out, as an import would.
			fmt.Fprintf(os.Stderr, "not imported: %s: %v\n", e.File, err)
			continue
		}
		if isTerm(e) {
			terms = append(terms, term{locale: e.Locale, file: e.File, title: e.Doc.Title(),
				pageID: r.Id, queries: queriesOf(e.Doc.Title())})
		}
	}
	return terms, nil
}

// saveSpace creates the public space holding the corpus, written in every locale found.
func saveSpace(app core.App, entries []mdtree.Entry) (*core.Record, error) {
	var locales []string
	for _, e := range entries {
		if e.Locale != "en" && !slices.Contains(locales, e.Locale) {
			locales = append(locales, e.Locale)
		}
	}
	c, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
	if err != nil {
		return nil, err
	}
	space := core.NewRecord(c)
	space.Load(map[string]any{
		schema.SpaceSlug: "cncf-glossary", schema.SpaceName: "CNCF Glossary",
		schema.SpaceVisibility: schema.VisibilityPublic, schema.SpaceSourceLocale: "en", schema.SpaceLocales: locales,
	})
	return space, app.Save(space)
}

// isTerm tells a glossary term (content/<locale>/<term>.md) from section pages.
func isTerm(e mdtree.Entry) bool {
	parts := strings.Split(e.File, "/")
	return len(parts) == 3 && !strings.HasPrefix(parts[2], "_") && e.Doc.Title() != ""
}

// glossed is a title made of a local word and its English original in parentheses.
var glossed = regexp.MustCompile(`^(.+?)\s*[(（]([^()（）]+)[)）]\s*$`)

// queriesOf is what a reader types to find a term: its title and, for a glossed title, the
// local word alone.
func queriesOf(title string) []string {
	qs := []string{title}
	if m := glossed.FindStringSubmatch(title); m != nil {
		local := strings.TrimSpace(m[1])
		if local != "" && !strings.EqualFold(local, strings.TrimSpace(m[2])) {
			qs = append(qs, local)
		}
	}
	return qs
}
