package search

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

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
