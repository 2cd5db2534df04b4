package search

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// IndexPage writes page into the search index, replacing what the index held for it. Call it
// with the app (or transaction) that saved the page, after the save, so both commit together;
// the pages hooks of this package do. A page whose indexed content did not change is left alone.
func IndexPage(app core.App, page *core.Record) error {
	doc := documentOf(page)
	if err := indexDoc(app, page.Id, doc, doc.hash()); err != nil {
		return fmt.Errorf("index page %s: %w", page.Id, err)
	}
	return nil
}

// reindexEditedPage is IndexPage for a save that changed what the index holds of page (its
// title, description, body or tags): its document most likely differs from the stored one, so
// a statement that rewrites the stored one unless it holds the same hash comes first, and the
// read IndexPage starts with follows only when it rewrote nothing.
func reindexEditedPage(app core.App, page *core.Record) error {
	doc := documentOf(page)
	hash := doc.hash()
	id, ok, err := rewriteDoc(app, page.Id, doc, hash)
	switch {
	case err != nil:
	case ok:
		err = updateFTSRow(app, id, doc)
	default:
		err = indexDoc(app, page.Id, doc, hash)
	}
	if err != nil {
		return fmt.Errorf("index page %s: %w", page.Id, err)
	}
	return nil
}

// indexDoc writes doc, whose hash is hash, as the document of the page pageID: it adds it when
// the index holds none, replaces it when the stored one has another hash.
func indexDoc(app core.App, pageID string, doc document, hash string) error {
	var row struct {
		ID   int64  `db:"id"`
		Hash string `db:"content_hash"`
	}
	err := app.DB().Select(schema.SearchDocID, schema.SearchDocHash).
		From(schema.SearchDocsTable).
		Where(dbx.HashExp{schema.SearchDocPage: pageID}).
		One(&row)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if row.ID, err = insertDoc(app, pageID, doc, hash); err != nil {
			return err
		}
		return insertFTSRow(app, row.ID, doc)
	case err != nil:
		return err
	case row.Hash == hash:
		return nil
	}
	if _, _, err := rewriteDoc(app, pageID, doc, hash); err != nil {
		return err
	}
	return updateFTSRow(app, row.ID, doc)
}

func insertDoc(app core.App, pageID string, doc document, hash string) (int64, error) {
	res, err := app.DB().Insert(schema.SearchDocsTable, dbx.Params{
		schema.SearchDocPage:     pageID,
		schema.SearchDocTitleKey: doc.titleKey,
		schema.SearchDocHash:     hash,
		schema.SearchDocText:     doc.text,
	}).Execute()
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// rewriteDoc records the new key, hash and snippet text of the page pageID's document unless it
// holds hash already, and returns the document's id; ok is false when it rewrote nothing (the
// index holds no document of the page, or the same one).
func rewriteDoc(app core.App, pageID string, doc document, hash string) (id int64, ok bool, err error) {
	err = app.DB().NewQuery(fmt.Sprintf(
		"UPDATE {{%[1]s}} SET [[%[2]s]] = {:key}, [[%[3]s]] = {:hash}, [[%[4]s]] = {:text} "+
			"WHERE [[%[5]s]] = {:page} AND [[%[3]s]] <> {:hash} RETURNING [[%[6]s]]",
		schema.SearchDocsTable, schema.SearchDocTitleKey, schema.SearchDocHash, schema.SearchDocText,
		schema.SearchDocPage, schema.SearchDocID)).
		Bind(dbx.Params{"key": doc.titleKey, "hash": hash, "text": doc.text, "page": pageID}).
		Row(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// updateFTSRow replaces the FTS row id with doc's columns: one statement, which FTS5 runs as
// the old row's delete and the new one's insert. A missing row is inserted.
func updateFTSRow(app core.App, id int64, doc document) error {
	res, err := app.DB().Update(schema.SearchIndexTable, dbx.Params{
		schema.SearchIndexTitle:  doc.title,
		schema.SearchIndexTags:   doc.tags,
		schema.SearchIndexBody:   doc.body,
		schema.SearchIndexLevels: doc.levels,
	}, dbx.HashExp{"rowid": id}).Execute()
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	return insertFTSRow(app, id, doc)
}

func deleteFTSRow(app core.App, id int64) error {
	_, err := app.DB().Delete(schema.SearchIndexTable, dbx.HashExp{"rowid": id}).Execute()
	return err
}

// UnindexPage removes a page from the search index. Like IndexPage it belongs in the
// transaction that deleted the page.
func UnindexPage(app core.App, pageID string) error {
	var id int64
	err := app.DB().Select(schema.SearchDocID).
		From(schema.SearchDocsTable).
		Where(dbx.HashExp{schema.SearchDocPage: pageID}).
		Row(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err == nil {
		err = deleteFTSRow(app, id)
	}
	if err == nil {
		_, err = app.DB().Delete(schema.SearchDocsTable, dbx.HashExp{schema.SearchDocID: id}).Execute()
	}
	if err != nil {
		return fmt.Errorf("unindex page %s: %w", pageID, err)
	}
	return nil
}
