package translations

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/saveread"
	"folio/hooks/internal/txhook"
	"folio/hooks/schema"
)

// onPageSave runs around every page save — API, dashboard, imports, Go code alike — and, in the
// same transaction, once the page and any revision of it are written, brings the rest of its
// translation groups in step: the translations of a source whose content, address or role
// changed, and the group a source left. Realtime subscribers get those translations' updates
// when the transaction commits, and a failure in any of it rolls the page's save back.
func onPageSave(e *core.RecordEvent) error {
	if isUpkeep(e.Context) {
		return e.Next()
	}
	return txhook.InTransaction(e, func(tx core.App) error {
		var before *core.Record
		if !e.Record.IsNew() {
			// The row as stored, not as the caller loaded it, which may be stale. When it is
			// gone the pages concern reports it.
			before, _ = saveread.Stored(tx, e)
		}
		if err := e.Next(); err != nil {
			return err
		}
		return settleGroupsAfterSave(tx, before, e.Record, spacesOfSave(tx, e))
	})
}

// place names a translation group.
type place struct{ space, path string }

func placeOf(page *core.Record) place {
	return place{page.GetString(schema.PageSpace), page.GetString(schema.PagePath)}
}

// settleGroupsAfterSave recomputes the groups a save of page touched; before is the page as it
// was stored (nil for a new page), spaces reads the spaces involved. A translation's save
// changes no one else's state.
func settleGroupsAfterSave(app core.App, before, page *core.Record, spaces spaceReader) error {
	isSource, err := isSourcePage(spaces, page)
	if err != nil {
		return err
	}
	var places []place
	if before == nil {
		if isSource {
			places = append(places, placeOf(page))
		}
	} else {
		wasSource, err := isSourcePage(spaces, before)
		if err != nil {
			return err
		}
		moved := placeOf(before) != placeOf(page)
		if wasSource && (moved || !isSource) {
			places = append(places, placeOf(before))
		}
		edited := before.GetInt(schema.PageRevision) != page.GetInt(schema.PageRevision)
		if isSource && (moved || !wasSource || edited) && (len(places) == 0 || places[0] != placeOf(page)) {
			places = append(places, placeOf(page))
		}
	}
	for _, p := range places {
		if err := settleGroup(app, spaces, p, page.Id); err != nil {
			return err
		}
	}
	return nil
}

// isSourcePage reports whether page stands in its space's source locale.
func isSourcePage(spaces spaceReader, page *core.Record) (bool, error) {
	space, err := spaces(page.GetString(schema.PageSpace))
	if err != nil || space == nil {
		return false, err
	}
	return isSourceIn(page, space), nil
}

// settleGroup brings every page of the group at p in step with the group's source, saving only
// those whose state changes; skip is the page being saved, whose own state is already set. The
// group is read as a few columns per page, not as records: a group with no translation besides
// the page being saved — most pages — costs one short read, and only a page whose state turns
// is loaded whole to be saved.
func settleGroup(app core.App, spaces spaceReader, p place, skip string) error {
	space, err := spaces(p.space)
	if err != nil || space == nil {
		return err
	}
	group, err := findGroupStates(app, p.space, p.path)
	if err != nil {
		return err
	}
	var source *groupState
	for i := range group {
		if group[i].Locale == space.GetString(schema.SpaceSourceLocale) {
			source = &group[i]
		}
	}
	for _, g := range group {
		if g.Id == skip || (source != nil && g.Id == source.Id) {
			continue
		}
		state := schema.TranslationOrphaned
		if source != nil {
			if state, err = stateAgainstHead(app, source.Id, source.Revision, g.SourceRevision); err != nil {
				return err
			}
		}
		if g.State == state {
			continue
		}
		page, err := app.FindRecordById(schema.CollectionPages, g.Id)
		if err != nil {
			return err
		}
		page.Set(schema.PageTranslationState, state)
		if err := saveUpkeep(app, page); err != nil {
			return err
		}
	}
	return nil
}

// groupState is what settleGroup reads of each page of a group.
type groupState struct {
	Id             string `db:"id"`
	Locale         string `db:"locale"`
	Revision       int    `db:"revision"`
	SourceRevision int    `db:"source_revision"`
	State          string `db:"translation_state"`
}

// findGroupStates reads the locale, revision and translation state of every page of the group at
// path in space.
func findGroupStates(app core.App, spaceId, path string) ([]groupState, error) {
	var rows []groupState
	err := app.DB().Select("id", schema.PageLocale+" AS locale", schema.PageRevision+" AS revision",
		schema.PageSourceRevision+" AS source_revision", schema.PageTranslationState+" AS translation_state").
		From(schema.CollectionPages).
		Where(dbx.HashExp{schema.PageSpace: spaceId, schema.PagePath: path}).All(&rows)
	return rows, err
}
