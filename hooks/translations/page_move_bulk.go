package translations

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"folio/hooks/internal/pagemove"
	"folio/hooks/schema"
)

// bindPagesMoved binds the translations concern's part of a bulk move (see pagemove).
func bindPagesMoved(app core.App) {
	pagemove.OnPagesMoved(app).Bind(&hook.Handler[*pagemove.Event]{Func: onPagesMoved, Priority: pagemove.PriorityState})
}

// onPagesMoved keeps translation groups in step with a bulk move. A move changes the group of
// every page it moves: each moved page's state is set against the source at its new path (its
// source_revision stays, as on any save that does not set it), and the groups a moved source
// left and joined are settled — their translations that stay put are saved, through every hook,
// only when their state changes. Unlike a save per page, no group passes through the states
// of a half-done move.
func onPagesMoved(e *pagemove.Event) error {
	spaces := func(id string) (*core.Record, error) {
		if id == e.Space.Id {
			return e.Space, nil
		}
		return findSpace(e.App, id)
	}
	moving := make(map[string]bool, len(e.Pages))
	for _, m := range e.Pages {
		moving[m.Page.Id] = true
	}
	var places []place
	seen := map[place]bool{}
	add := func(p place) {
		if !seen[p] {
			seen[p] = true
			places = append(places, p)
		}
	}
	for _, m := range e.Pages {
		before := m.Before
		if err := settleOwnState(e.App, m.Page, spaces, func() (*core.Record, error) { return before, nil }); err != nil {
			return err
		}
		if isSourceIn(before, e.Space) {
			add(placeOf(before))
		}
		if isSourceIn(m.Page, e.Space) {
			add(placeOf(m.Page))
		}
	}
	groups, err := groupsAt(e.App, e.Space.Id, places)
	if err != nil {
		return err
	}
	for _, p := range places {
		if err := settleGroupExcept(e.App, e.Space, groups[p.path], moving); err != nil {
			return err
		}
	}
	return e.Next()
}

// groupBatch bounds the paths one statement binds.
const groupBatch = 400

// groupsAt reads the translation groups at places (all in space), a statement per batch of
// paths, keyed by path.
func groupsAt(app core.App, space string, places []place) (map[string][]*core.Record, error) {
	out := map[string][]*core.Record{}
	for start := 0; start < len(places); start += groupBatch {
		var paths []any
		for _, p := range places[start:min(start+groupBatch, len(places))] {
			paths = append(paths, p.path)
		}
		var found []*core.Record
		err := app.RecordQuery(schema.CollectionPages).AndWhere(dbx.HashExp{schema.PageSpace: space}).
			AndWhere(dbx.In(schema.PagePath, paths...)).All(&found)
		if err != nil {
			return nil, err
		}
		for _, r := range found {
			out[r.GetString(schema.PagePath)] = append(out[r.GetString(schema.PagePath)], r)
		}
	}
	return out, nil
}

// settleGroupExcept is settleGroup for the pages of group that did not move: the moved ones
// have their state set already.
func settleGroupExcept(app core.App, space *core.Record, group []*core.Record, moving map[string]bool) error {
	var source *core.Record
	for _, g := range group {
		if isSourceIn(g, space) {
			source = g
		}
	}
	for _, g := range group {
		if moving[g.Id] || g == source {
			continue
		}
		state, err := stateAgainst(app, source, g.GetInt(schema.PageSourceRevision))
		if err != nil {
			return err
		}
		if g.GetString(schema.PageTranslationState) != state {
			g.Set(schema.PageTranslationState, state)
			if err := saveUpkeep(app, g); err != nil {
				return err
			}
		}
	}
	return nil
}
