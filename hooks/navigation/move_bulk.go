package navigation

import (
	"reflect"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/internal/pagemove"
	"folio/hooks/schema"
)

// applyPlan writes a planned move inside its transaction. It is applyBulk; the move tests set
// it to applyEach, the record save per page, to compare the two end states.
var applyPlan = applyBulk

// applyBulk moves the planned pages as one bulk operation inside tx: one UPDATE per page
// (parents first, so that a page leaving an address another member takes has left it), a
// redirect per old address, then every concern's pagemove handler (links, html, file
// references, translation states, outbox events), one more UPDATE per page whose fields a
// handler changed, and the page_links rows aimed at the moved addresses resolved again. It
// returns what the realtime subscribers must hear of once the transaction commits.
func applyBulk(tx core.App, space *core.Record, plan []movePlan) ([]movedPage, []change, error) {
	slices.SortStableFunc(plan, func(a, b movePlan) int { return len(a.fromP) - len(b.fromP) })
	now := types.NowDateTime()
	moved := make([]pagemove.Moved, 0, len(plan))
	out := make([]movedPage, 0, len(plan))
	for _, m := range plan {
		before := m.page.Fresh()
		page := m.page.Fresh()
		page.Set(schema.PageLocale, m.locale)
		page.Set(schema.PagePath, m.path)
		page.Set(schema.PageUpdated, now)
		if err := tx.Validate(page); err != nil {
			return nil, nil, err
		}
		_, err := tx.DB().Update(schema.CollectionPages, dbx.Params{
			schema.PageLocale: m.locale, schema.PagePath: m.path, schema.PageUpdated: now.String(),
		}, dbx.HashExp{"id": page.Id}).Execute()
		if err != nil {
			return nil, nil, err
		}
		moved = append(moved, pagemove.Moved{Before: before, Page: page})
		out = append(out, movedPage{Id: page.Id, FromLocale: m.fromL, FromPath: m.fromP, Locale: m.locale, Path: m.path})
	}
	changes, err := leaveRedirects(tx, space, moved)
	if err != nil {
		return nil, nil, err
	}
	written := make([]*core.Record, len(moved))
	for i, m := range moved {
		written[i] = m.Page.Fresh()
	}
	ev := &pagemove.Event{App: tx, Space: space, Pages: moved}
	if err := pagemove.OnPagesMoved(tx).Trigger(ev); err != nil {
		return nil, nil, err
	}
	for i, m := range moved {
		if err := writeChanged(tx, written[i], m.Page); err != nil {
			return nil, nil, err
		}
		changes = append(changes, change{action: core.ModelEventTypeUpdate, record: m.Page})
	}
	links, err := relinkMoved(tx, space, moved)
	if err != nil {
		return nil, nil, err
	}
	return out, append(changes, links...), nil
}

// writeChanged updates the columns of after's row whose value differs from before's, with
// one statement (none when nothing differs).
func writeChanged(tx core.App, before, after *core.Record) error {
	old, err := before.DBExport(tx)
	if err != nil {
		return err
	}
	next, err := after.DBExport(tx)
	if err != nil {
		return err
	}
	cols := dbx.Params{}
	for k, v := range next {
		if k != "id" && !reflect.DeepEqual(old[k], v) {
			cols[k] = v
		}
	}
	if len(cols) == 0 {
		return nil
	}
	_, err = tx.DB().Update(after.Collection().Name, cols, dbx.HashExp{"id": after.Id}).Execute()
	return err
}

// leaveRedirects makes every old address answer with its page, then drops the redirects at the
// addresses the pages now stand at (a page answers there itself), as a record save of each
// page would through onPageUpdate.
func leaveRedirects(tx core.App, space *core.Record, moved []pagemove.Moved) ([]change, error) {
	col, err := tx.FindCachedCollectionByNameOrId(schema.CollectionRedirects)
	if err != nil {
		return nil, err
	}
	at, err := redirectsAt(tx, space.Id, moved)
	if err != nil {
		return nil, err
	}
	var changes []change
	created := map[string]bool{}
	for _, m := range moved {
		from := m.Before
		k := [2]string{from.GetString(schema.PageLocale), from.GetString(schema.PagePath)}
		r := at[k]
		if r == nil {
			r = core.NewRecord(col)
			r.Id = core.GenerateDefaultRandomId()
			r.Set(schema.RedirectSpace, space.Id)
			r.Set(schema.RedirectLocale, k[0])
			r.Set(schema.RedirectPath, k[1])
			r.Set(schema.RedirectPage, m.Page.Id)
			r.Set(schema.RedirectCreated, types.NowDateTime())
			row, err := r.DBExport(tx)
			if err != nil {
				return nil, err
			}
			if _, err := tx.DB().Insert(col.Name, row).Execute(); err != nil {
				return nil, err
			}
			at[k] = r
			created[r.Id] = true
			changes = append(changes, change{action: core.ModelEventTypeCreate, record: r})
			continue
		}
		if r.GetString(schema.RedirectPage) == m.Page.Id {
			continue
		}
		r.Set(schema.RedirectPage, m.Page.Id)
		if _, err := tx.DB().Update(col.Name, dbx.Params{schema.RedirectPage: m.Page.Id}, dbx.HashExp{"id": r.Id}).Execute(); err != nil {
			return nil, err
		}
		changes = append(changes, change{action: core.ModelEventTypeUpdate, record: r})
	}
	gone := map[string]bool{}
	for _, m := range moved {
		k := [2]string{m.Page.GetString(schema.PageLocale), m.Page.GetString(schema.PagePath)}
		r := at[k]
		if r == nil {
			continue
		}
		delete(at, k)
		gone[r.Id] = true
		if created[r.Id] {
			// Left by one moved page and taken by another: it never existed outside this move.
			if _, err := tx.DB().Delete(col.Name, dbx.HashExp{"id": r.Id}).Execute(); err != nil {
				return nil, err
			}
			continue
		}
		// A redirect from before the move goes through PocketBase's delete, so subscribers
		// hear of it as of any other deleted record.
		if err := tx.Delete(r); err != nil {
			return nil, err
		}
	}
	if len(gone) > 0 {
		changes = slices.DeleteFunc(changes, func(c change) bool { return gone[c.record.Id] })
	}
	return changes, nil
}

// redirectsAt reads the redirects of space at the old and new addresses of the moved pages,
// a statement per batch of paths.
func redirectsAt(tx core.App, space string, moved []pagemove.Moved) (map[[2]string]*core.Record, error) {
	seen := map[string]bool{}
	var paths []any
	for _, m := range moved {
		for _, p := range []string{m.Before.GetString(schema.PagePath), m.Page.GetString(schema.PagePath)} {
			if !seen[p] {
				seen[p] = true
				paths = append(paths, p)
			}
		}
	}
	out := map[[2]string]*core.Record{}
	for start := 0; start < len(paths); start += relinkBatch {
		var found []*core.Record
		err := tx.RecordQuery(schema.CollectionRedirects).
			AndWhere(dbx.HashExp{schema.RedirectSpace: space}).
			AndWhere(dbx.In(schema.RedirectPath, paths[start:min(start+relinkBatch, len(paths))]...)).All(&found)
		if err != nil {
			return nil, err
		}
		for _, r := range found {
			out[[2]string{r.GetString(schema.RedirectLocale), r.GetString(schema.RedirectPath)}] = r
		}
	}
	return out, nil
}
