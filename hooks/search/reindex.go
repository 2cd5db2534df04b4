package search

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// reindexBatch is how many pages Reindex holds in memory at once.
const reindexBatch = 500

// Reindex rebuilds the whole search index from the pages table in one transaction, so readers
// see either the old index or the new one, and returns how many pages it indexed. Use it after
// writing pages behind Folio's back (SQL console, sqlite3) or after restoring an old backup.
func Reindex(app core.App) (int, error) {
	n := 0
	err := app.RunInTransaction(func(tx core.App) error {
		if err := clearIndex(tx); err != nil {
			return err
		}
		var any bool
		if err := tx.DB().NewQuery("SELECT EXISTS (SELECT 1 FROM {{" + schema.CollectionPages + "}})").Row(&any); err != nil {
			return err
		}
		if !any {
			// Nothing to load or merge: the index keeps its settings as they are (a new
			// data dir's migrations end with the index as the new-dir schema creates it).
			return nil
		}
		if err := BeginBulk(tx); err != nil {
			return err
		}
		var err error
		n, err = indexAllPages(tx)
		if err != nil {
			return err
		}
		// One segment: what later queries read fastest.
		return Optimize(tx)
	})
	if err != nil {
		return 0, fmt.Errorf("reindex: %w", err)
	}
	return n, nil
}

func clearIndex(app core.App) error {
	if _, err := app.DB().NewQuery(fmt.Sprintf("INSERT INTO {{%s}}({{%[1]s}}) VALUES ('delete-all')",
		schema.SearchIndexTable)).Execute(); err != nil {
		return err
	}
	_, err := app.DB().Delete(schema.SearchDocsTable, nil).Execute()
	return err
}

// indexAllPages walks the pages in id order, a batch at a time.
func indexAllPages(app core.App) (int, error) {
	n, after := 0, ""
	for {
		var batch []*core.Record
		err := app.RecordQuery(schema.CollectionPages).
			AndWhere(dbx.NewExp("[[id]] > {:after}", dbx.Params{"after": after})).
			OrderBy("id").
			Limit(reindexBatch).
			All(&batch)
		if err != nil {
			return n, err
		}
		if err := WriteNew(app, EntriesOf(batch)); err != nil {
			return n, err
		}
		n += len(batch)
		if len(batch) < reindexBatch {
			return n, nil
		}
		after = batch[len(batch)-1].Id
	}
}
