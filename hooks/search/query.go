package search

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
)

// Paging limits of Search: PerPage as in PocketBase's list API; MaxHits is how many of the best
// hits a query can page through, which bounds the work of a query that matches most pages.
const (
	DefaultPerPage = 20
	MaxPerPage     = 100
	MaxHits        = 1000
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
	// SkipTotal leaves the totals out (-1), as PocketBase's skipTotal does: the query then stops
	// as soon as it has this page of results, which is much cheaper for very common words.
	SkipTotal bool

	// rule is what the caller may read, decided once by Search for every step of the query.
	rule *readRule
}

// Hit is one page found by Search.
type Hit struct {
	ID               string `json:"id"`
	Space            string `json:"space"`
	Locale           string `json:"locale"`
	Path             string `json:"path"`
	Title            string `json:"title"`
	TitleHighlighted string `json:"titleHighlighted"`
	Snippet          string `json:"snippet"`
	// Score orders the results (the page's level, see levels.go, plus exactTitleBoost for an
	// exact title). It is not sent: the order says all a caller needs.
	Score float64 `json:"-"`
}

// Result is one page of search results, shaped like a PocketBase list response. Search ranks
// at most MaxHits pages: when more match, TotalItems is MaxHits and TotalCapped is set. With
// SkipTotal, TotalItems and TotalPages are -1.
type Result struct {
	Page        int   `json:"page"`
	PerPage     int   `json:"perPage"`
	TotalItems  int   `json:"totalItems"`
	TotalPages  int   `json:"totalPages"`
	TotalCapped bool  `json:"totalCapped"`
	Items       []Hit `json:"items"`
}

// QueryError is the error of a search query the person must change. Its Code names the problem
// (validation_search_<Code> in the API).
type QueryError = textseg.QueryError

// ErrSuperusersOnly is returned by Search when the pages collection has no list rule (nil means
// superusers only) and the caller is not a superuser.
var ErrSuperusersOnly = errors.New("only superusers can search pages")

// Search finds the pages matching p.Query that the caller described by info may list: the pages
// collection's list rule is applied exactly as PocketBase's list API applies it (superusers
// skip it), so drafts, publish windows and private spaces hold for search as for every other
// read. A query the person must fix is a *textseg.QueryError. Results come pages whose title is
// the query first, then by level (levels.go), computed from each page alone, so what a caller
// cannot read never changes what it gets.
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
	if info == nil {
		info = &core.RequestInfo{Context: core.RequestInfoContextDefault}
	}
	if p.rule, err = newReadRule(app, pages, info); err != nil {
		return nil, err
	}
	// Ranking needs only the hits up to the end of the requested page. When it saw every match,
	// what it found is the total; otherwise countReadable counts, without ranking.
	ranked, all, err := rankReadable(app, pages, info, q, p, min(p.Page*p.PerPage, maxHits()))
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res := &Result{Page: p.Page, PerPage: p.PerPage, TotalItems: -1, TotalPages: -1}
	if !p.SkipTotal {
		total := len(ranked)
		if !all {
			if total, err = countReadable(app, pages, info, q, p, maxHits()+1); err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
		}
		res.TotalItems, res.TotalCapped = min(total, maxHits()), total > maxHits()
		res.TotalPages = (res.TotalItems + p.PerPage - 1) / p.PerPage
	}
	from := min((p.Page-1)*p.PerPage, len(ranked))
	if res.Items, err = hitsOf(app, ranked[from:min(from+p.PerPage, len(ranked))], q); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

func normalizeParams(p Params) Params {
	// Past MaxHits every page is empty; clamping keeps page*perPage from overflowing.
	p.Page = min(max(p.Page, 1), maxHits()+1)
	if p.PerPage < 1 {
		p.PerPage = DefaultPerPage
	}
	p.PerPage = min(p.PerPage, MaxPerPage)
	return p
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

// maxHits is MaxHits, replaceable by tests that page past it with a handful of pages.
var maxHits = func() int { return MaxHits }
