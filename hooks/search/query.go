package search

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	pbsearch "github.com/pocketbase/pocketbase/tools/search"

	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
)

// Paging limits of Search, the same as PocketBase's list API.
const (
	DefaultPerPage = 20
	MaxPerPage     = 100
)

// Ranking weights: bm25 per column (title, tags, body), and what an exact title adds to the
// score. The boost is far above any bm25 score a query of MaxQueryTerms words reaches on real
// pages, so a page whose title is exactly the query comes first.
const (
	weightTitle     = 10.0
	weightTags      = 5.0
	weightBody      = 1.0
	exactTitleBoost = 1000.0
)

// snippetRunes is the length of a hit's snippet, in characters.
const snippetRunes = 160

// Params are the inputs of one search, as the route reads them from the query string.
type Params struct {
	Query   string   // what the person typed, in textseg.ParseQuery syntax
	Space   string   // only pages of this space, named by id or slug ("" for all)
	Locales []string // only pages in one of these locales (none for all)
	Tags    []string // only pages carrying every one of these tags
	Page    int      // 1-based page of results; below 1 means 1
	PerPage int      // results per page; below 1 means DefaultPerPage, above MaxPerPage is capped
}

// Hit is one page found by Search.
type Hit struct {
	ID               string  `json:"id"`
	Space            string  `json:"space"`
	Locale           string  `json:"locale"`
	Path             string  `json:"path"`
	Title            string  `json:"title"`
	TitleHighlighted string  `json:"titleHighlighted"`
	Snippet          string  `json:"snippet"`
	Score            float64 `json:"score"`
}

// Result is one page of search results, shaped like a PocketBase list response.
type Result struct {
	Page       int   `json:"page"`
	PerPage    int   `json:"perPage"`
	TotalItems int   `json:"totalItems"`
	TotalPages int   `json:"totalPages"`
	Items      []Hit `json:"items"`
}

// ErrSuperusersOnly is returned by Search when the pages collection has no list rule (nil means
// superusers only) and the caller is not a superuser.
var ErrSuperusersOnly = errors.New("only superusers can search pages")

// Search finds the pages matching p.Query that the caller described by info may list: the pages
// collection's list rule is applied exactly as PocketBase's list API applies it (superusers
// skip it), so drafts, publish windows and private spaces are enforced in the same SQL that
// ranks. A query the person must fix is a *textseg.QueryError. Results are ordered by score,
// highest first: bm25 over title, tags and body, plus exactTitleBoost when the query is the
// page's title.
func Search(app core.App, info *core.RequestInfo, p Params) (*Result, error) {
	q, err := textseg.ParseQuery(p.Query)
	if err != nil {
		return nil, err
	}
	p = normalizeParams(p)
	pages, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	ranked, err := rankedQuery(app, pages, info, q, p)
	if err != nil {
		return nil, err
	}
	rows, total, err := fetchRanked(app, ranked, p)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	items, err := hitsOf(app, rows, q)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return &Result{
		Page: p.Page, PerPage: p.PerPage, TotalItems: total,
		TotalPages: (total + p.PerPage - 1) / p.PerPage,
		Items:      items,
	}, nil
}

func normalizeParams(p Params) Params {
	p.Page = max(p.Page, 1)
	if p.PerPage < 1 {
		p.PerPage = DefaultPerPage
	}
	p.PerPage = min(p.PerPage, MaxPerPage)
	return p
}

// rankedQuery selects the id and score of every matching page the caller may list. The FTS
// expression comes from textseg and is bound as a parameter, like every filter value.
func rankedQuery(app core.App, pages *core.Collection, info *core.RequestInfo, q textseg.Query, p Params) (*dbx.SelectQuery, error) {
	score := fmt.Sprintf("(CASE WHEN [[%s.%s]] = {:exact} THEN %g ELSE 0 END) - bm25([[%s]], %g, %g, %g)",
		schema.SearchDocsTable, schema.SearchDocTitleKey, exactTitleBoost,
		schema.SearchIndexTable, weightTitle, weightTags, weightBody)
	query := app.DB().Select(schema.CollectionPages+".id", score+" AS score").
		AndBind(dbx.Params{"exact": queryKey(q)}).
		From(schema.SearchIndexTable).
		InnerJoin(schema.SearchDocsTable, dbx.NewExp(fmt.Sprintf("[[%s.%s]] = [[%s.rowid]]",
			schema.SearchDocsTable, schema.SearchDocID, schema.SearchIndexTable))).
		InnerJoin(schema.CollectionPages, dbx.NewExp(fmt.Sprintf("[[%s.id]] = [[%s.%s]]",
			schema.CollectionPages, schema.SearchDocsTable, schema.SearchDocPage))).
		Where(dbx.NewExp(fmt.Sprintf("[[%s]] MATCH {:match}", schema.SearchIndexTable),
			dbx.Params{"match": q.MatchExpr()}))
	query.AndWhere(filters(p))
	if err := applyListRule(app, pages, info, query); err != nil {
		return nil, err
	}
	return query, nil
}

// filters are the optional narrowing the client asked for, each value bound.
func filters(p Params) dbx.Expression {
	col := func(field string) string { return fmt.Sprintf("[[%s.%s]]", schema.CollectionPages, field) }
	var exprs []dbx.Expression
	if p.Space != "" {
		exprs = append(exprs, dbx.NewExp(fmt.Sprintf(
			"%s IN (SELECT [[id]] FROM {{%s}} WHERE [[id]] = {:fs_space} OR [[%s]] = {:fs_space})",
			col(schema.PageSpace), schema.CollectionSpaces, schema.SpaceSlug), dbx.Params{"fs_space": p.Space}))
	}
	if len(p.Locales) > 0 {
		values := make([]any, len(p.Locales))
		for i, l := range p.Locales {
			values[i] = l
		}
		exprs = append(exprs, dbx.In(schema.CollectionPages+"."+schema.PageLocale, values...))
	}
	for i, tag := range p.Tags {
		name := fmt.Sprintf("fs_tag%d", i)
		exprs = append(exprs, dbx.NewExp(fmt.Sprintf(
			"EXISTS (SELECT 1 FROM json_each(%s) WHERE [[value]] = {:%s})", col(schema.PageTags), name),
			dbx.Params{name: tag}))
	}
	return dbx.And(exprs...)
}

// applyListRule narrows query to the pages the caller may list, the way PocketBase's records
// list API does: superusers skip the rule, a nil rule means superusers only, and any other rule
// is resolved against the caller (joins, @collection lookups, @now) into the same SQL.
//
// The list rule, not the view rule, because search enumerates pages: a collection that lets
// people open a page by id without listing it must not become listable through search. For
// pages both rules are the same today.
func applyListRule(app core.App, pages *core.Collection, info *core.RequestInfo, query *dbx.SelectQuery) error {
	if info == nil {
		info = &core.RequestInfo{Context: core.RequestInfoContextDefault}
	}
	if info.HasSuperuserAuth() {
		return nil
	}
	if pages.ListRule == nil {
		return ErrSuperusersOnly
	}
	if *pages.ListRule == "" {
		return nil
	}
	resolver := core.NewRecordFieldResolver(app, pages, info, true)
	expr, err := pbsearch.FilterData(*pages.ListRule).BuildExpr(resolver)
	if err != nil {
		return fmt.Errorf("search: the pages list rule: %w", err)
	}
	query.AndWhere(expr)
	return resolver.UpdateQuery(query)
}

// rankedRow is one page of the ranking, with the number of matches in all.
type rankedRow struct {
	ID    string  `db:"id"`
	Score float64 `db:"score"`
	Total int     `db:"total"`
}

// fetchRanked runs the ranking for one page of results. The ranking is wrapped so the count
// comes in the same pass and after the rule's joins are deduplicated.
func fetchRanked(app core.App, ranked *dbx.SelectQuery, p Params) ([]rankedRow, int, error) {
	inner := ranked.Build()
	params := dbx.Params{"fs_limit": p.PerPage, "fs_offset": (p.Page - 1) * p.PerPage}
	for k, v := range inner.Params() {
		params[k] = v
	}
	var rows []rankedRow
	err := app.DB().NewQuery("SELECT [[id]], [[score]], COUNT(*) OVER () AS [[total]] FROM (" + inner.SQL() +
		") ORDER BY [[score]] DESC, [[id]] LIMIT {:fs_limit} OFFSET {:fs_offset}").Bind(params).All(&rows)
	if err != nil || len(rows) > 0 || p.Page == 1 {
		total := 0
		if len(rows) > 0 {
			total = rows[0].Total
		}
		return rows, total, err
	}
	// Past the last page: the window had no row to report the count on.
	var total int
	err = app.DB().NewQuery("SELECT COUNT(*) FROM (" + inner.SQL() + ")").Bind(inner.Params()).Row(&total)
	return nil, total, err
}

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

// hitsOf loads the ranked pages and cuts their snippets, highlighted on the text as written.
func hitsOf(app core.App, rows []rankedRow, q textseg.Query) ([]Hit, error) {
	items := make([]Hit, 0, len(rows))
	if len(rows) == 0 {
		return items, nil
	}
	ids := make([]any, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
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
	for _, r := range rows {
		pg, ok := byID[r.ID]
		if !ok {
			continue // deleted since the ranking ran
		}
		items = append(items, Hit{
			ID: pg.ID, Space: pg.Space, Locale: pg.Locale, Path: pg.Path, Title: pg.Title,
			TitleHighlighted: textseg.Highlight(pg.Title, q),
			Snippet:          textseg.Snippet(plainTextOf(pg.Description, pg.Body), q, snippetRunes),
			Score:            math.Round(r.Score*1000) / 1000,
		})
	}
	return items, nil
}

// cleanList splits comma-separated values and drops empty ones.
func cleanList(s string, fold func(string) string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = fold(strings.TrimSpace(v)); v != "" {
			out = append(out, v)
		}
	}
	return out
}
