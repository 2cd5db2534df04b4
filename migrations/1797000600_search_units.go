package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Gave the search index each page's unit tokens (search's IndexFormat levels-v2) by rebuilding
// it. Migration 1797000700_search_hangul_phrases rebuilds it again for levels-v3, unit tokens
// included, so this one now does nothing: a data dir that had not run it yet is rebuilt once, by
// the later one, instead of twice.
func init() {
	m.Register(func(core.App) error {
		return nil
	}, func(core.App) error {
		return nil
	})
}
