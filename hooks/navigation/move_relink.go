package navigation

import (
	"context"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/pagemove"
	"folio/hooks/schema"
)

// relinkBatch bounds the ids or paths one statement binds.
const relinkBatch = 400

// relinkMoved resolves again, after a bulk move, every page_links row of the space that aimed
// at a moved page or names a path a page moved to: its target is the page at its address, else
// the page a redirect there names, else — for a link from a translation — the source-locale page
// at the path or its redirect, with fallback set when the target is in another locale. Only the
// rows whose target or fallback changes are written, one statement each.
func relinkMoved(tx core.App, space *core.Record, moved []pagemove.Moved) ([]change, error) {
	ids := make([]string, 0, len(moved))
	paths := make([]string, 0, len(moved))
	seenPath := map[string]bool{}
	for _, m := range moved {
		ids = append(ids, m.Page.Id)
		if p := m.Page.GetString(schema.PagePath); !seenPath[p] {
			seenPath[p] = true
			paths = append(paths, p)
		}
	}
	rows := map[string]linkRow{}
	for _, by := range []struct {
		field  string
		values []string
	}{{schema.PageLinkToPage, ids}, {schema.PageLinkToPath, paths}} {
		for start := 0; start < len(by.values); start += relinkBatch {
			part := by.values[start:min(start+relinkBatch, len(by.values))]
			var found []linkRow
			err := tx.DB().Select("id", schema.PageLinkToLocale, schema.PageLinkToPath, schema.PageLinkToPage, schema.PageLinkFallback).
				From(schema.CollectionPageLinks).
				Where(dbx.HashExp{schema.PageLinkSpace: space.Id}).
				AndWhere(dbx.In(by.field, toAny(part)...)).All(&found)
			if err != nil {
				return nil, err
			}
			for _, r := range found {
				rows[r.Id] = r
			}
		}
	}
	res := newResolver(tx, space)
	var changed []string
	for _, r := range rows {
		to, fallback, err := res.resolve(r.ToLocale, r.ToPath)
		if err != nil {
			return nil, err
		}
		if to == r.ToPage && fallback == r.Fallback {
			continue
		}
		_, err = tx.DB().Update(schema.CollectionPageLinks,
			dbx.Params{schema.PageLinkToPage: to, schema.PageLinkFallback: fallback}, dbx.HashExp{"id": r.Id}).Execute()
		if err != nil {
			return nil, err
		}
		changed = append(changed, r.Id)
	}
	return linkChanges(tx, changed)
}

// linkRow is the part of a page_links row a relink reads.
type linkRow struct {
	Id       string `db:"id"`
	ToLocale string `db:"to_locale"`
	ToPath   string `db:"to_path"`
	ToPage   string `db:"to_page"`
	Fallback bool   `db:"fallback"`
}

// linkChanges reads the rewritten page_links rows as records, for their realtime update.
func linkChanges(tx core.App, ids []string) ([]change, error) {
	var out []change
	for start := 0; start < len(ids); start += relinkBatch {
		recs, err := tx.FindRecordsByIds(schema.CollectionPageLinks, ids[start:min(start+relinkBatch, len(ids))])
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			out = append(out, change{action: core.ModelEventTypeUpdate, record: r})
		}
	}
	return out, nil
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// resolver finds link targets the way onPageLinkSave does, remembering every address it read.
type resolver struct {
	tx      core.App
	space   string
	source  string
	pages   map[[2]string]string
	targets map[[2]string]string
	locales map[string]string
}

func newResolver(tx core.App, space *core.Record) *resolver {
	return &resolver{tx: tx, space: space.Id, source: schema.AsSpace(space).SourceLocale(),
		pages: map[[2]string]string{}, targets: map[[2]string]string{}, locales: map[string]string{}}
}

// resolve returns the page a link to (locale, path) reaches and whether it is a fallback.
func (r *resolver) resolve(locale, path string) (string, bool, error) {
	locales := []string{locale}
	if locale != r.source {
		locales = append(locales, r.source)
	}
	for _, l := range locales {
		id, err := r.pageAt(l, path)
		if err != nil || id != "" {
			return id, id != "" && l != locale, err
		}
		if id, err = r.redirectAt(l, path); err != nil || id != "" {
			pl, err2 := r.localeOf(id)
			if err == nil {
				err = err2
			}
			return id, id != "" && pl != locale, err
		}
	}
	return "", false, nil
}

func (r *resolver) pageAt(locale, path string) (string, error) {
	k := [2]string{locale, path}
	if id, ok := r.pages[k]; ok {
		return id, nil
	}
	var rows []struct {
		Id string `db:"id"`
	}
	err := r.tx.DB().Select("id").From(schema.CollectionPages).
		Where(dbx.HashExp{schema.PageSpace: r.space, schema.PageLocale: locale, schema.PagePath: path}).
		Limit(1).All(&rows)
	if err != nil {
		return "", err
	}
	id := ""
	if len(rows) > 0 {
		id = rows[0].Id
		r.locales[id] = locale
	}
	r.pages[k] = id
	return id, nil
}

func (r *resolver) redirectAt(locale, path string) (string, error) {
	k := [2]string{locale, path}
	if id, ok := r.targets[k]; ok {
		return id, nil
	}
	red, err := findRedirect(r.tx, r.space, locale, path)
	if err != nil {
		return "", err
	}
	id := ""
	if red != nil {
		id = red.GetString(schema.RedirectPage)
	}
	r.targets[k] = id
	return id, nil
}

func (r *resolver) localeOf(id string) (string, error) {
	if l, ok := r.locales[id]; ok {
		return l, nil
	}
	l := pageLocale(r.tx, id)
	r.locales[id] = l
	return l, nil
}

// change is a record a bulk move wrote without a record save, to announce once it commits.
type change struct {
	action string // core.ModelEventTypeCreate or core.ModelEventTypeUpdate
	record *core.Record
}

// announce fires PocketBase's after-success model hooks for each change, as a record save
// would once its transaction committed: realtime subscribers (through PocketBase's broadcast and
// Folio's fan-out) and every after-commit hook hear of each moved page, each redirect left and
// each link row resolved again. app is the app outside the committed transaction.
func announce(app core.App, changes []change) {
	for _, c := range changes {
		ev := &core.ModelEvent{App: app, Context: context.Background(), Type: c.action, Model: c.record}
		var err error
		if c.action == core.ModelEventTypeCreate {
			err = app.OnModelAfterCreateSuccess().Trigger(ev)
		} else {
			err = app.OnModelAfterUpdateSuccess().Trigger(ev)
		}
		if err != nil {
			app.Logger().Warn("A moved record's after-save hooks failed", "id", c.record.Id, "error", err)
		}
	}
}
