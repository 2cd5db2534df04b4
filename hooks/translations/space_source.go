package translations

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/txhook"
	"folio/hooks/schema"
)

// onSpaceUpdate runs around every save of a space, after the spaces concern normalized it, and
// when source_locale changed re-marks every page of the space in the same transaction.
func onSpaceUpdate(e *core.RecordEvent) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		stored, err := tx.FindRecordById(schema.CollectionSpaces, e.Record.Id)
		if err != nil {
			return e.Next() // the spaces concern and PocketBase report a missing row
		}
		from := stored.GetString(schema.SpaceSourceLocale)
		if err := e.Next(); err != nil {
			return err
		}
		if from == e.Record.GetString(schema.SpaceSourceLocale) {
			return nil
		}
		return switchSource(tx, e.Record, from)
	})
}

// switchSource re-marks the pages of space after its source locale changed from from. In each
// group the page in the new source locale becomes the source. Every other page — the former
// source included — is a translation of it: current, with source_revision at the new source's
// head, when both it and the new source were in step with the former source; outdated with
// source_revision 0 otherwise, since its old source_revision counted another page's revisions;
// orphaned (source_revision 0) when the group has no page in the new source locale.
func switchSource(app core.App, space *core.Record, from string) error {
	pages, err := app.FindAllRecords(schema.CollectionPages, dbx.HashExp{schema.PageSpace: space.Id})
	if err != nil {
		return err
	}
	groups := map[string][]*core.Record{}
	var paths []string
	for _, p := range pages {
		path := p.GetString(schema.PagePath)
		if groups[path] == nil {
			paths = append(paths, path)
		}
		groups[path] = append(groups[path], p)
	}
	for _, path := range paths {
		if err := switchGroupSource(app, space, groups[path]); err != nil {
			return err
		}
	}
	return nil
}

func switchGroupSource(app core.App, space *core.Record, group []*core.Record) error {
	var source *core.Record
	for _, p := range group {
		if isSourceIn(p, space) {
			source = p
		}
	}
	inStep := func(p *core.Record) bool {
		s := p.GetString(schema.PageTranslationState)
		return s == schema.TranslationSource || s == schema.TranslationCurrent
	}
	sourceInStep := source != nil && source.GetString(schema.PageTranslationState) == schema.TranslationCurrent
	for _, p := range group {
		state, sr := schema.TranslationOrphaned, 0
		switch {
		case p == source:
			state = schema.TranslationSource
		case source != nil && sourceInStep && inStep(p):
			state, sr = schema.TranslationCurrent, source.GetInt(schema.PageRevision)
		case source != nil:
			state = schema.TranslationOutdated
		}
		if p.GetString(schema.PageTranslationState) == state && p.GetInt(schema.PageSourceRevision) == sr {
			continue
		}
		p.Set(schema.PageTranslationState, state)
		p.Set(schema.PageSourceRevision, sr)
		if err := saveUpkeep(app, p); err != nil {
			return err
		}
	}
	return nil
}
