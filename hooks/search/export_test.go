package search

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
)

// RankedSQL exposes the ranking query Search runs, for the query-plan test.
func RankedSQL(app core.App, info *core.RequestInfo, query string, p Params) (string, dbx.Params, error) {
	q, err := textseg.ParseQuery(query)
	if err != nil {
		return "", nil, err
	}
	pages, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return "", nil, err
	}
	ranked, err := rankedQuery(app, pages, info, q, normalizeParams(p))
	if err != nil {
		return "", nil, err
	}
	b := ranked.Build()
	return b.SQL(), b.Params(), nil
}
