package translations

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/txhook"
	"folio/hooks/schema"
)

// onPageDelete runs around every page delete and, when the page was its group's source,
// orphans the group's translations in the same transaction. Their source_revision goes back to
// 0: it counted the deleted page's revisions, and a page created later at the same path is
// another page, whose revision numbers say nothing about them. A page deleted with its space
// (the space row is gone by then) leaves nothing to keep in step.
func onPageDelete(e *core.RecordEvent) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		page := e.Record
		if stored, err := tx.FindRecordById(schema.CollectionPages, page.Id); err == nil {
			page = stored // the caller's copy may predate a move
		}
		if err := e.Next(); err != nil {
			return err
		}
		wasSource, err := isSourcePage(spacesIn(tx), page)
		if err != nil || !wasSource {
			return err
		}
		return orphanGroup(tx, placeOf(page))
	})
}

// orphanGroup marks every page left at p orphaned, with no source revision.
func orphanGroup(app core.App, p place) error {
	group, err := findGroup(app, p.space, p.path)
	if err != nil {
		return err
	}
	for _, g := range group {
		if g.GetString(schema.PageTranslationState) == schema.TranslationOrphaned && g.GetInt(schema.PageSourceRevision) == 0 {
			continue
		}
		g.Set(schema.PageTranslationState, schema.TranslationOrphaned)
		g.Set(schema.PageSourceRevision, 0)
		if err := saveUpkeep(app, g); err != nil {
			return err
		}
	}
	return nil
}
