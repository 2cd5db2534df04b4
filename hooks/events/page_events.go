package events

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/saveread"
	"folio/hooks/internal/txhook"
	"folio/hooks/schema"
)

// onPageCreateEvents emits page.created (and page.published when the page is live at once) in
// the transaction that inserts the page.
func onPageCreateEvents(e *core.RecordEvent) error {
	return afterSave(e, func(tx core.App) ([]event, error) {
		spaces := spaceRefsOfSave(tx, e)
		out := []event{pageEvent(spaces, schema.EventPageCreated, e.Record, nil)}
		if e.Record.GetBool(schema.PageLive) {
			out = append(out, pageEvent(spaces, schema.EventPagePublished, e.Record, nil))
		}
		return out, nil
	})
}

// onPageUpdateEvents compares the page with its row as stored before the save (not with what
// the caller loaded) and emits what changed: page.updated for a new revision, page.moved for a
// new address, page.published/unpublished when the page went live or stopped being live (the
// scheduler's flips included) and translation.outdated/current when its translation state
// turned.
func onPageUpdateEvents(e *core.RecordEvent) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		before, err := saveread.Stored(tx, e)
		if err != nil {
			return e.Next() // the pages concern reports the missing page
		}
		before = before.Fresh()
		return afterSave(e, func(tx core.App) ([]event, error) {
			return pageChanges(spaceRefsOfSave(tx, e), before, e.Record), nil
		})
	})
}

func pageChanges(spaces spaceRefs, before, after *core.Record) []event {
	var out []event
	if rev := after.GetInt(schema.PageRevision); rev != before.GetInt(schema.PageRevision) {
		out = append(out, pageEvent(spaces, schema.EventPageUpdated, after, map[string]any{
			"revision": rev, "previous_revision": before.GetInt(schema.PageRevision),
			"merged": after.GetBool(schema.PageMerged),
		}))
	}
	if from, to := addressOf(before), addressOf(after); from != to {
		out = append(out, pageEvent(spaces, schema.EventPageMoved, after, map[string]any{"from": from.payload()}))
	}
	switch was, is := before.GetBool(schema.PageLive), after.GetBool(schema.PageLive); {
	case !was && is:
		out = append(out, pageEvent(spaces, schema.EventPagePublished, after, nil))
	case was && !is:
		out = append(out, pageEvent(spaces, schema.EventPageUnpublished, after, nil))
	}
	was, is := before.GetString(schema.PageTranslationState), after.GetString(schema.PageTranslationState)
	switch {
	case was != is && is == schema.TranslationOutdated:
		out = append(out, translationEvent(spaces, schema.EventTranslationOutdated, after))
	case was == schema.TranslationOutdated && is == schema.TranslationCurrent:
		out = append(out, translationEvent(spaces, schema.EventTranslationCurrent, after))
	}
	return out
}

// translationEvent is a translation's state change. Its page was saved by the translation
// upkeep, not by its editor, so the event names no actor: the translator is told.
func translationEvent(spaces spaceRefs, typ string, p *core.Record) event {
	ev := pageEvent(spaces, typ, p, translationExtra(p))
	ev.Actor = ""
	return ev
}

func translationExtra(p *core.Record) map[string]any {
	return map[string]any{"source_revision": p.GetInt(schema.PageSourceRevision)}
}

// address is where a page stands.
type address struct{ space, locale, path string }

func addressOf(p *core.Record) address {
	return address{p.GetString(schema.PageSpace), p.GetString(schema.PageLocale), p.GetString(schema.PagePath)}
}

func (a address) payload() map[string]any {
	return map[string]any{"space": a.space, "locale": a.locale, "path": a.path}
}

// onPageDeleteEvents emits page.deleted in the transaction that deletes the page, describing
// the page as it was stored.
func onPageDeleteEvents(e *core.RecordEvent) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		page := e.Record
		if stored, err := tx.FindRecordById(schema.CollectionPages, page.Id); err == nil {
			page = stored
		}
		return afterSave(e, func(tx core.App) ([]event, error) {
			return []event{pageEvent(spaceRefsOfSave(tx, e), schema.EventPageDeleted, page, nil)}, nil
		})
	})
}
