package translations

import (
	"fmt"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"folio/hooks/internal/saveread"
	"folio/hooks/schema"
)

// onPageSaveState runs last before a page row is written — API, dashboard, imports, Go code
// alike — once the pages concern has normalized its locale and path. It sets the page's own
// translation_state, whatever the caller sent, and settles its source_revision: defaulted to
// the source's head on create, checked when a save changes it. Saves this package makes for
// the rest of a group carry their state already and pass through.
func onPageSaveState(e *core.RecordEvent) error {
	if isUpkeep(e.Context) {
		return e.Next()
	}
	stored := func() (*core.Record, error) { return saveread.Stored(e.App, e) }
	if err := settleOwnState(e.App, e.Record, spacesOfSave(e.App, e), stored); err != nil {
		return err
	}
	return e.Next()
}

// settleOwnState computes page's state and source_revision in place, reading through app (the
// save's transaction), spaces, and stored (the page's row before the save).
func settleOwnState(app core.App, page *core.Record, spaces spaceReader, stored func() (*core.Record, error)) error {
	space, err := spaces(page.GetString(schema.PageSpace))
	if err != nil || space == nil {
		return err // a missing space is reported by the pages concern
	}
	if isSourceIn(page, space) {
		// A source is not a translation: it has no source revision.
		page.Set(schema.PageTranslationState, schema.TranslationSource)
		page.Set(schema.PageSourceRevision, 0)
		return nil
	}
	source, err := findPageAt(app, space.Id, space.GetString(schema.SpaceSourceLocale), page.GetString(schema.PagePath))
	if err != nil {
		return err
	}
	if source != nil && source.Id == page.Id {
		source = nil // the page itself, leaving the source locale: its row is not written yet
	}
	sr, err := settleSourceRevision(page, source, space, stored)
	if err != nil {
		return err
	}
	state, err := stateAgainst(app, source, sr)
	if err != nil {
		return err
	}
	page.Set(schema.PageSourceRevision, sr)
	page.Set(schema.PageTranslationState, state)
	return nil
}

// settleSourceRevision returns the translation's source_revision. On create an empty one is
// the source's head: a new translation is taken to be made from the source as it is. A value
// the save sets or changes must name a revision of the source; one the save leaves alone is
// kept as it is, even when it no longer does (the translation is then outdated). It never
// moves on its own when the translation's content changes: the translator says which source
// revision the new text follows by sending source_revision.
func settleSourceRevision(page, source, space *core.Record, stored func() (*core.Record, error)) (int, error) {
	sr := page.GetInt(schema.PageSourceRevision)
	if page.IsNew() && sr == 0 {
		if source == nil {
			return 0, nil
		}
		return source.GetInt(schema.PageRevision), nil
	}
	if !page.IsNew() {
		row, err := stored()
		if err == nil && row.GetInt(schema.PageSourceRevision) == sr {
			return sr, nil
		}
	}
	return sr, checkSourceRevision(sr, source, space)
}

// checkSourceRevision refuses a source_revision that names no revision of the source. 0 is
// always allowed: "not made from a known revision" (the translation is outdated).
func checkSourceRevision(sr int, source, space *core.Record) error {
	if sr == 0 {
		return nil
	}
	locale := space.GetString(schema.SpaceSourceLocale)
	if source == nil {
		return sourceRevisionError(fmt.Sprintf(
			"There is no %s page at this path to translate from: leave source_revision empty (0).", locale))
	}
	if head := source.GetInt(schema.PageRevision); sr < 0 || sr > head {
		return sourceRevisionError(fmt.Sprintf(
			"source_revision must be a revision of the %s page at this path: 1 to %d.", locale, head))
	}
	return nil
}

func sourceRevisionError(msg string) error {
	return router.NewBadRequestError(msg, validation.Errors{
		schema.PageSourceRevision: validation.NewError("validation_invalid_source_revision", msg),
	})
}
