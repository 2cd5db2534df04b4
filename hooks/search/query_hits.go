package search

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
)

// hitPage is what a hit shows of its page: where it lives, its title, and the plain text the
// index stored for snippets — not the page's markdown, which a query never parses.
type hitPage struct {
	RowID  int64  `db:"rid"`
	ID     string `db:"id"`
	Space  string `db:"space"`
	Locale string `db:"locale"`
	Path   string `db:"path"`
	Title  string `db:"title"`
	Text   string `db:"text"`
}

// hitsOf loads one page of ranked pages and cuts their snippets, highlighted on the text as
// written.
func hitsOf(app core.App, ranked []candidate, q textseg.Query) ([]Hit, error) {
	items := make([]Hit, 0, len(ranked))
	if len(ranked) == 0 {
		return items, nil
	}
	rowids := make([]any, len(ranked))
	for i, r := range ranked {
		rowids[i] = r.RowID
	}
	col := func(field string) string { return schema.CollectionPages + "." + field }
	var pages []hitPage
	err := app.DB().Select(schema.SearchDocsTable+"."+schema.SearchDocID+" AS rid", col("id"), col(schema.PageSpace),
		col(schema.PageLocale), col(schema.PagePath), col(schema.PageTitle),
		schema.SearchDocsTable+"."+schema.SearchDocText+" AS text").
		From(schema.SearchDocsTable).
		InnerJoin(schema.CollectionPages, dbx.NewExp(fmt.Sprintf("[[%s.id]] = [[%s.%s]]",
			schema.CollectionPages, schema.SearchDocsTable, schema.SearchDocPage))).
		Where(dbx.In(schema.SearchDocsTable+"."+schema.SearchDocID, rowids...)).All(&pages)
	if err != nil {
		return nil, err
	}
	byRow := make(map[int64]hitPage, len(pages))
	for _, pg := range pages {
		byRow[pg.RowID] = pg
	}
	for _, r := range ranked {
		pg, ok := byRow[r.RowID]
		if !ok {
			continue // deleted since the ranking ran
		}
		items = append(items, Hit{
			ID: pg.ID, Space: pg.Space, Locale: pg.Locale, Path: pg.Path, Title: pg.Title,
			TitleHighlighted: textseg.Highlight(pg.Title, q),
			Snippet:          textseg.Snippet(pg.Text, q, snippetRunes),
			Score:            r.Score,
		})
	}
	return items, nil
}

// snippetSourceBytes bounds the text a snippet is cut from, so the work of one hit is bounded
// whatever the page holds: a long page's snippet comes from its first 64 KB of plain text.
const snippetSourceBytes = 64 << 10

// snippetSource is the start of a page's plain text that the index stores for snippets, cut at
// a line end where there is one, and never inside a character.
func snippetSource(text string) string {
	if len(text) <= snippetSourceBytes {
		return text
	}
	cut := text[:snippetSourceBytes]
	if i := strings.LastIndexByte(cut, '\n'); i > 0 {
		return cut[:i]
	}
	for len(cut) > 0 && !utf8.RuneStart(text[len(cut)]) {
		cut = cut[:len(cut)-1]
	}
	return cut
}
