package search

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/saveread"
	"folio/hooks/internal/txhook"
	"folio/hooks/schema"
)

// onPageCreate runs for every new page — API, dashboard, imports, Go code alike — and indexes
// it in the transaction that inserts it: a page is never saved without its index row, nor
// indexed without being saved.
func onPageCreate(e *core.RecordEvent) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		if err := e.Next(); err != nil {
			return err
		}
		return IndexPage(tx, e.Record)
	})
}

// onPageUpdate runs for every save of an existing page and re-indexes it in the same
// transaction. Status and publish-window changes need no index write: who may read a page is
// decided at query time by the pages API rule.
func onPageUpdate(e *core.RecordEvent) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		before, readErr := saveread.Stored(tx, e)
		if err := e.Next(); err != nil {
			return err
		}
		if readErr == nil && indexedFieldsChanged(before, e.Record) {
			return reindexEditedPage(tx, e.Record)
		}
		return IndexPage(tx, e.Record)
	})
}

// indexedFieldsChanged reports whether page differs from before, the row as stored, in a field
// whose content the index holds.
func indexedFieldsChanged(before, page *core.Record) bool {
	b, p := schema.AsPage(before), schema.AsPage(page)
	return b.Title() != p.Title() || b.Description() != p.Description() || b.Body() != p.Body() ||
		!slices.Equal(b.Tags(), p.Tags())
}

// onPageDelete runs for every page deletion, cascades from a deleted space included, and
// removes the page from the index in the same transaction.
func onPageDelete(e *core.RecordEvent) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		if err := e.Next(); err != nil {
			return err
		}
		return UnindexPage(tx, e.Record.Id)
	})
}
