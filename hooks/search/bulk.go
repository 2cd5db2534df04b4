package search

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// Entry is what the index holds of one page, computed from the page alone: the rows IndexPage
// writes, ready to be written later. Computing it (plain text, segmentation, levels) is most of
// an index write's cost and touches no database, so bulk loads compute entries in parallel.
type Entry struct {
	pageID string
	doc    document
	hash   string
}

// EntryOf computes the index rows of page. It is safe to call from many goroutines.
func EntryOf(page *core.Record) Entry {
	doc := documentOf(page)
	return Entry{pageID: page.Id, doc: doc, hash: doc.hash()}
}

// EntriesOf computes the entries of pages on every CPU, in the order of pages.
func EntriesOf(pages []*core.Record) []Entry {
	out := make([]Entry, len(pages))
	workers := min(runtime.GOMAXPROCS(0), max(len(pages), 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(pages); i += workers {
				out[i] = EntryOf(pages[i])
			}
		}()
	}
	wg.Wait()
	return out
}

// WriteNew writes the entries of pages that are not in the index yet (a bulk load, a reindex
// after clearing it): two inserts per page and no look-up. Run it in the transaction that
// writes the pages.
func WriteNew(app core.App, entries []Entry) error {
	for _, e := range entries {
		id, err := insertDoc(app, e.pageID, e.doc, e.hash)
		if err == nil {
			err = insertFTSRow(app, id, e.doc)
		}
		if err != nil {
			return fmt.Errorf("index page %s: %w", e.pageID, err)
		}
	}
	return nil
}

func insertFTSRow(app core.App, id int64, doc document) error {
	_, err := app.DB().Insert(schema.SearchIndexTable, dbx.Params{
		"rowid":                  id,
		schema.SearchIndexTitle:  doc.title,
		schema.SearchIndexTags:   doc.tags,
		schema.SearchIndexBody:   doc.body,
		schema.SearchIndexLevels: doc.levels,
	}).Execute()
	return err
}

// FTS5 settings of the index. A page save writes one small segment; FTS5 merges them
// incrementally (automerge: once ftsAutomerge segments of one size exist, they become one of the
// next size), so a live index holds a few dozen segments at most. A bulk load turns merging off
// and buffers more terms in memory (bulkHashSize) so it writes few large segments, then merges
// the whole index into one segment (Optimize) and restores the live settings.
const (
	ftsAutomerge = 4       // FTS5's default
	ftsHashSize  = 1 << 20 // FTS5's default
	bulkHashSize = 64 << 20
)

// BeginBulk sets the FTS table up for a bulk load: no merging while rows are added, large
// in-memory term buffers. Optimize ends it.
func BeginBulk(app core.App) error {
	return setFTS(app, map[string]int{"automerge": 0, "hashsize": bulkHashSize})
}

// Optimize merges the whole FTS index into one segment, which makes every query read one
// doclist per token instead of one per segment, and restores the settings of a live index.
// `folio search reindex` ends with it.
func Optimize(app core.App) error {
	if _, err := app.DB().NewQuery(fmt.Sprintf("INSERT INTO {{%s}}({{%[1]s}}) VALUES ('optimize')",
		schema.SearchIndexTable)).Execute(); err != nil {
		return err
	}
	return setFTS(app, map[string]int{"automerge": ftsAutomerge, "hashsize": ftsHashSize})
}

func setFTS(app core.App, settings map[string]int) error {
	for _, name := range []string{"automerge", "hashsize"} {
		v, ok := settings[name]
		if !ok {
			continue
		}
		_, err := app.DB().NewQuery(fmt.Sprintf("INSERT INTO {{%s}}({{%[1]s}}, [[rank]]) VALUES ({:name}, {:value})",
			schema.SearchIndexTable)).Bind(dbx.Params{"name": name, "value": v}).Execute()
		if err != nil {
			return fmt.Errorf("fts5 %s: %w", name, err)
		}
	}
	return nil
}
