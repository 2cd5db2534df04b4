package search

import (
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

// SetMaxHits lowers MaxHits until the returned function is called. Totals are then always
// counted apart from ranking (countReadable), as they are when more than a thousand pages match.
func SetMaxHits(n int) (restore func()) {
	old, oldK := maxHits, totalFromRanking
	maxHits, totalFromRanking = func() int { return n }, 0
	return func() { maxHits, totalFromRanking = old, oldK }
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
