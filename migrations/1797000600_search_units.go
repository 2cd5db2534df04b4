package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/search"
)

// Rebuilds the search index so each page's levels column holds its unit tokens (search's
// IndexFormat levels-v2): a query for one Han, kana or Hangul character is then answered from
// one posting list instead of a prefix merged over every term that starts with it. The table
// keeps its columns; a new data dir has no pages and rebuilds nothing. Down leaves the index
// as it is: an older Folio never names a unit token and rewrites each page on its next save.
func init() {
	m.Register(func(app core.App) error {
		_, err := search.Reindex(app)
		return err
	}, func(core.App) error {
		return nil
	})
}
