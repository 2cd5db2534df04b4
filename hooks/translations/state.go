package translations

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/saveread"
	"folio/hooks/schema"
)

// stateAgainst returns the state of a translation made from revision sr of source, nil when the
// group has no source. Only a non-minor source revision outdates a translation.
func stateAgainst(app core.App, source *core.Record, sr int) (string, error) {
	if source == nil {
		return schema.TranslationOrphaned, nil
	}
	return stateAgainstHead(app, source.Id, source.GetInt(schema.PageRevision), sr)
}

// stateAgainstHead returns the state of a translation made from revision sr of the source page
// sourceId, whose head is revision head.
func stateAgainstHead(app core.App, sourceId string, head, sr int) (string, error) {
	if sr < 1 || sr > head {
		return schema.TranslationOutdated, nil
	}
	newer, err := hasMajorRevisionAfter(app, sourceId, sr)
	if err != nil {
		return "", err
	}
	if newer {
		return schema.TranslationOutdated, nil
	}
	return schema.TranslationCurrent, nil
}

// hasMajorRevisionAfter reports whether page has a revision numbered above n that its editor did
// not mark minor. The (page, number) index makes it one short range scan.
func hasMajorRevisionAfter(app core.App, pageId string, n int) (bool, error) {
	var id string
	err := app.DB().Select("id").From(schema.CollectionRevisions).
		Where(dbx.HashExp{schema.RevisionPage: pageId, schema.RevisionMinor: false}).
		AndWhere(dbx.NewExp("[["+schema.RevisionNumber+"]] > {:n}", dbx.Params{"n": n})).
		Limit(1).Row(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// findPageAt returns the page at (space, locale, path), or nil when there is none.
func findPageAt(app core.App, spaceId, locale, path string) (*core.Record, error) {
	rec := &core.Record{}
	err := app.RecordQuery(schema.CollectionPages).
		AndWhere(dbx.HashExp{schema.PageSpace: spaceId, schema.PageLocale: locale, schema.PagePath: path}).
		Limit(1).One(rec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// findGroup returns every page of the translation group at path in space, all locales.
func findGroup(app core.App, spaceId, path string) ([]*core.Record, error) {
	return app.FindAllRecords(schema.CollectionPages, dbx.HashExp{schema.PageSpace: spaceId, schema.PagePath: path})
}

// findSpace returns the space with id, or nil when it does not exist (it may be being deleted,
// its pages with it).
func findSpace(app core.App, id string) (*core.Record, error) {
	space, err := app.FindRecordById(schema.CollectionSpaces, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return space, err
}

// spaceReader returns the space with an id, or nil when it does not exist.
type spaceReader func(id string) (*core.Record, error)

// spacesIn reads spaces through app, a statement each.
func spacesIn(app core.App) spaceReader {
	return func(id string) (*core.Record, error) { return findSpace(app, id) }
}

// spacesOfSave reads spaces once per page save e, sharing the rows the other concerns' hooks of
// the same save read (saveread).
func spacesOfSave(app core.App, e *core.RecordEvent) spaceReader {
	return func(id string) (*core.Record, error) {
		space, err := saveread.Record(app, e, schema.CollectionSpaces, id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		return space, err
	}
}

// isSourceIn reports whether page is in the source locale of space.
func isSourceIn(page, space *core.Record) bool {
	return page.GetString(schema.PageLocale) == space.GetString(schema.SpaceSourceLocale)
}
