package search

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
)

// ReadableSQL exposes the rule-filtering query Search runs over candidates, for the
// query-plan test.
func ReadableSQL(app core.App, info *core.RequestInfo, rowids []int64, p Params) (string, dbx.Params, error) {
	pages, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return "", nil, err
	}
	cands := make([]candidate, len(rowids))
	for i, id := range rowids {
		cands[i] = candidate{RowID: id}
	}
	query, err := readableQuery(app, pages, info, normalizeParams(p), cands)
	if err != nil {
		return "", nil, err
	}
	b := query.Build()
	return b.SQL(), b.Params(), nil
}

// SetMaxHits lowers MaxHits until the returned function is called.
func SetMaxHits(n int) (restore func()) {
	old := maxHits
	maxHits = func() int { return n }
	return func() { maxHits = old }
}

// CountSQL exposes the query Search counts readable matches with, for the query-plan test.
func CountSQL(app core.App, info *core.RequestInfo, query string, p Params) (string, dbx.Params, error) {
	pages, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return "", nil, err
	}
	q, err := textseg.ParseQuery(query)
	if err != nil {
		return "", nil, err
	}
	sel, err := countQuery(app, pages, info, q, normalizeParams(p), MaxHits+1)
	if err != nil {
		return "", nil, err
	}
	b := sel.Build()
	return b.SQL(), b.Params(), nil
}

// ReferenceRanking ranks every readable match of query the slow way, as a check on
// rankReadable: each page's level computed in Go from the page itself (documentOf), every
// match scored, no bound on the work. It returns page ids, best first.
func ReferenceRanking(app core.App, info *core.RequestInfo, query string, p Params) ([]string, error) {
	pages, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return nil, err
	}
	q, err := textseg.ParseQuery(query)
	if err != nil {
		return nil, err
	}
	sel, err := countQuery(app, pages, info, q, normalizeParams(p), 1<<30)
	if err != nil {
		return nil, err
	}
	var rowids []int64
	if err := sel.Column(&rowids); err != nil {
		return nil, err
	}
	type scored struct {
		rowid int64
		page  string
		exact bool
		level int
	}
	items := scoringItems(q)
	var all []scored
	for _, id := range rowids {
		var pageID string
		if err := app.DB().Select(schema.SearchDocPage).From(schema.SearchDocsTable).
			Where(dbx.HashExp{schema.SearchDocID: id}).Row(&pageID); err != nil {
			return nil, err
		}
		rec, err := app.FindRecordById(pages, pageID)
		if err != nil {
			return nil, err
		}
		doc := documentOf(rec)
		all = append(all, scored{id, pageID, doc.titleKey == queryKey(q), referenceLevel(doc.levels, items)})
	}
	slices.SortFunc(all, func(a, b scored) int {
		if a.exact != b.exact {
			if a.exact {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.level, a.level), cmp.Compare(a.rowid, b.rowid))
	})
	ids := make([]string, len(all))
	for i, s := range all {
		ids[i] = s.page
	}
	return ids, nil
}

// referenceLevel reads a page's level for the items from its level tokens: the weakest item,
// each item at its best alternative, each alternative at its rarest term.
func referenceLevel(levels string, items []textseg.Item) int {
	if len(items) == 0 {
		return 0
	}
	byTerm := map[string]int{}
	for _, tok := range strings.Fields(levels) {
		term, lv, _ := strings.Cut(tok, levelMark)
		n, _ := strconv.Atoi(lv)
		byTerm[term] = max(byTerm[term], n) // a term at level L has the tokens 1 … L
	}
	level := levelCount
	for _, it := range items {
		best := 0
		for _, alt := range it.Alternatives {
			weakest := levelCount
			for _, t := range alt {
				weakest = min(weakest, byTerm[t])
			}
			best = max(best, weakest)
		}
		level = min(level, best)
	}
	return level
}

// ReadablePageIDs lists the ids of the indexed pages the caller may read, decided by the fast
// read filter (fast) or by PocketBase's resolution of the list rule.
func ReadablePageIDs(app core.App, info *core.RequestInfo, fast bool) ([]string, error) {
	old := fastReadOff
	fastReadOff = !fast
	defer func() { fastReadOff = old }()
	pages, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return nil, err
	}
	rule, err := newReadRule(app, pages, info)
	if err != nil {
		return nil, err
	}
	if fast && !rule.modeled {
		return nil, errNotModeled
	}
	query := app.DB().Select(schema.CollectionPages+".id").Distinct(true).From(schema.SearchDocsTable).
		InnerJoin(schema.CollectionPages, dbx.NewExp("[[pages.id]] = [[pages_search.page_id]]"))
	if err := rule.apply(app, pages, info, query); err != nil {
		return nil, err
	}
	var ids []string
	err = query.OrderBy(schema.CollectionPages + ".id").Column(&ids)
	return ids, err
}

var errNotModeled = errors.New("the pages list rule is not the modeled one")

// SetFastRead turns the fast read filter on or off until the returned function is called.
func SetFastRead(on bool) (restore func()) {
	old := fastReadOff
	fastReadOff = !on
	return func() { fastReadOff = old }
}
