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

// Ranking weights: bm25 per column (title, tags, body), and what an exact title adds to the
// score. The boost is far above any bm25 score a query of MaxQueryTerms words reaches on real
// pages, so a page whose title is exactly the query comes first.
const (
	weightTitle     = 10.0
	weightTags      = 5.0
	weightBody      = 1.0
	exactTitleBoost = 1000.0
)

// totalFromRanking is how many matches the ranking step asks FTS5 for when totals are wanted:
// with no more matches than that, ranking sees them all and counts the readable ones itself,
// sparing the separate count. A variable so tests can send small totals through countReadable.
var totalFromRanking = 256

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
	// Score orders the results; it is not sent to callers, since bm25's statistics count pages
	// the caller may not read.
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

// ErrSuperusersOnly is returned by Search when the pages collection has no list rule (nil means
// superusers only) and the caller is not a superuser.
var ErrSuperusersOnly = errors.New("only superusers can search pages")

// Search finds the pages matching p.Query that the caller described by info may list: the pages
// collection's list rule is applied exactly as PocketBase's list API applies it (superusers
// skip it), so drafts, publish windows and private spaces hold for search as for every other
// read. A query the person must fix is a *textseg.QueryError. Results are ordered by score,
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
	if info == nil {
		info = &core.RequestInfo{Context: core.RequestInfoContextDefault}
	}
	if pages.ListRule == nil && !info.HasSuperuserAuth() {
		return nil, ErrSuperusersOnly
	}
	// Ranking needs only the hits up to the end of the requested page. The total does not
	// depend on the order: when ranking saw every match (it asks FTS5 for at least
	// totalFromRanking), it counted the readable ones; otherwise countReadable counts them
	// without ranking.
	minK := totalFromRanking
	if p.SkipTotal {
		minK = 0
	}
	ranked, total, err := rankReadable(app, pages, info, q, p, min(p.Page*p.PerPage, maxHits()), minK)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res := &Result{Page: p.Page, PerPage: p.PerPage, TotalItems: -1, TotalPages: -1}
	if !p.SkipTotal {
		if total < 0 {
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
