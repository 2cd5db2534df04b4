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
	hash := doc.hash()
	var row struct {
		ID   int64  `db:"id"`
		Hash string `db:"content_hash"`
	}
	err := app.DB().Select(schema.SearchDocID, schema.SearchDocHash).
		From(schema.SearchDocsTable).
		Where(dbx.HashExp{schema.SearchDocPage: page.Id}).
		One(&row)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		row.ID, err = insertDoc(app, page.Id, doc, hash)
	case err != nil:
	case row.Hash == hash:
		return nil
	default:
		err = updateDoc(app, row.ID, doc, hash)
	}
	if err != nil {
		return fmt.Errorf("index page %s: %w", page.Id, err)
	}
	if err = insertFTSRow(app, row.ID, doc); err != nil {
		return fmt.Errorf("index page %s: %w", page.Id, err)
	}
	return nil
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

// updateDoc records the new key, hash and snippet text and drops the old FTS row, which
// IndexPage replaces.
func updateDoc(app core.App, id int64, doc document, hash string) error {
	_, err := app.DB().Update(schema.SearchDocsTable, dbx.Params{
		schema.SearchDocTitleKey: doc.titleKey,
		schema.SearchDocHash:     hash,
		schema.SearchDocText:     doc.text,
	}, dbx.HashExp{schema.SearchDocID: id}).Execute()
	if err != nil {
		return err
	}
	return deleteFTSRow(app, id)
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
