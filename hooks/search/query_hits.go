package search

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
)

// hitPage is what a hit shows of its page: the columns a snippet needs, not the whole row.
type hitPage struct {
	ID          string `db:"id"`
	Space       string `db:"space"`
	Locale      string `db:"locale"`
	Path        string `db:"path"`
	Title       string `db:"title"`
	Description string `db:"description"`
	Body        string `db:"body"`
}

// hitsOf loads one page of ranked pages and cuts their snippets, highlighted on the text as
// written.
func hitsOf(app core.App, ranked []rankedHit, q textseg.Query) ([]Hit, error) {
	items := make([]Hit, 0, len(ranked))
	if len(ranked) == 0 {
		return items, nil
	}
	ids := make([]any, len(ranked))
	for i, r := range ranked {
		ids[i] = r.PageID
	}
	var pages []hitPage
	err := app.DB().Select("id", schema.PageSpace, schema.PageLocale, schema.PagePath,
		schema.PageTitle, schema.PageDescription, schema.PageBody).
		From(schema.CollectionPages).Where(dbx.In("id", ids...)).All(&pages)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]hitPage, len(pages))
	for _, pg := range pages {
		byID[pg.ID] = pg
	}
	for _, r := range ranked {
		pg, ok := byID[r.PageID]
		if !ok {
			continue // deleted since the ranking ran
		}
		items = append(items, Hit{
			ID: pg.ID, Space: pg.Space, Locale: pg.Locale, Path: pg.Path, Title: pg.Title,
			TitleHighlighted: textseg.Highlight(pg.Title, q),
			Snippet:          textseg.Snippet(plainTextOf(pg.Description, pg.Body), q, snippetRunes),
			Score:            r.Score,
		})
	}
	return items, nil
}
