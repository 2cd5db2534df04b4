// Package search keeps a full-text index of pages in step with every page write and serves
// GET /api/folio/search over it. Text is segmented by textseg before it reaches SQLite's FTS5, so
// Chinese, Japanese and Korean words are found mid-sentence; results are ranked by bm25 and
// filtered by the pages collection's own list rule.
package search

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// Register binds the index upkeep hooks on pages and the search route to app.
func Register(app core.App) error {
	app.OnRecordCreate(schema.CollectionPages).BindFunc(onPageCreate)
	app.OnRecordUpdate(schema.CollectionPages).BindFunc(onPageUpdate)
	app.OnRecordDelete(schema.CollectionPages).BindFunc(onPageDelete)
	app.OnServe().BindFunc(bindRoutes)
	return nil
}
