package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/search"
)

// Rebuilds the search index with Korean words' terms in their new order (search's IndexFormat
// levels-v3): a word of three or more syllables gives its syllable pairs first and then the whole
// word, so a quoted phrase whose last word takes a particle ("데이터 서버" in 데이터 서버를) is a
// plain phrase instead of a prefix FTS5 merges over the whole index. A new data dir has no pages
// and rebuilds nothing. Down leaves the index as it is: an older Folio rewrites each page on its
// next save, and `folio search reindex` rebuilds the rest.
func init() {
	m.Register(func(app core.App) error {
		_, err := search.Reindex(app)
		return err
	}, func(core.App) error {
		return nil
	})
}
