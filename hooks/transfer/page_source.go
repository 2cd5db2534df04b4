package transfer

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// pageFile is the file a page was imported from, as page_sources keeps it.
type pageFile struct {
	Format string
	File   string // relative to the tree's page root: "en/term.md", "docs/_index.md"
	Head   string // the text before the body, byte for byte
	// MadeFrom is the translation's source_revision as the file gave it (0 for a source page).
	MadeFrom int
}

// findPageSource returns the page_sources row of page, or nil.
func findPageSource(app core.App, pageId string) (*core.Record, error) {
	rec := &core.Record{}
	err := app.RecordQuery(schema.CollectionPageSources).
		AndWhere(dbx.HashExp{schema.PageSourcePage: pageId}).Limit(1).One(rec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// rememberPageFile records f as the file of page, writing only when something changed.
func rememberPageFile(app core.App, pageId string, f pageFile) error {
	rec, err := findPageSource(app, pageId)
	if err != nil {
		return err
	}
	if rec == nil {
		col, err := app.FindCachedCollectionByNameOrId(schema.CollectionPageSources)
		if err != nil {
			return err
		}
		rec = core.NewRecord(col)
		rec.Set(schema.PageSourcePage, pageId)
	} else if sameSource(rec, f) {
		return nil
	}
	rec.Set(schema.PageSourceFormat, f.Format)
	rec.Set(schema.PageSourceFile, f.File)
	rec.Set(schema.PageSourceHead, f.Head)
	rec.Set(schema.PageSourceMadeFrom, f.MadeFrom)
	return app.Save(rec)
}

// sameSource reports whether the page_sources row rec (nil: none) already records f.
func sameSource(rec *core.Record, f pageFile) bool {
	return rec != nil && rec.GetString(schema.PageSourceFormat) == f.Format && rec.GetString(schema.PageSourceFile) == f.File &&
		rec.GetString(schema.PageSourceHead) == f.Head && rec.GetInt(schema.PageSourceMadeFrom) == f.MadeFrom
}

// pageFiles returns the page_sources rows of the pages of space, by page id.
func pageFiles(app core.App, spaceId string) (map[string]pageFile, error) {
	var rows []struct {
		Page     string `db:"page"`
		Format   string `db:"format"`
		File     string `db:"file"`
		Head     string `db:"head"`
		MadeFrom int    `db:"source_revision"`
	}
	err := app.DB().Select("s.page", "s.format", "s.file", "s.head", "s.source_revision").
		From(schema.CollectionPageSources+" s").
		InnerJoin(schema.CollectionPages+" p", dbx.NewExp("p.id = s.page")).
		Where(dbx.HashExp{"p." + schema.PageSpace: spaceId}).All(&rows)
	if err != nil {
		return nil, err
	}
	out := make(map[string]pageFile, len(rows))
	for _, r := range rows {
		out[r.Page] = pageFile{Format: r.Format, File: r.File, Head: r.Head, MadeFrom: r.MadeFrom}
	}
	return out, nil
}
