package navigation

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// readablePicksUnder returns, in tree order (treeCompare), what a reader of locale sees at and below path in
// space among the pages the caller may read: per path the page in locale, else the source
// page as a fallback. While the pages rule is the one Folio sets, the answer comes from the
// space's snapshot filtered by the caller's readAccess; otherwise the rule as it stands is
// applied in the query.
func readablePicksUnder(app core.App, info *core.RequestInfo, space *core.Record, locale, source, path string) ([]pickedRow, error) {
	return readablePicks(app, info, space, locale, source,
		underPath(schema.CollectionPages+"."+schema.PagePath, path),
		func(s *spaceSnapshot) [][]navRow {
			self, below := s.under(path)
			return [][]navRow{self, below}
		})
}

// readablePicksAt is readablePicksUnder for the pages at exactly paths (sorted).
func readablePicksAt(app core.App, info *core.RequestInfo, space *core.Record, locale, source string, paths []string) ([]pickedRow, error) {
	return readablePicks(app, info, space, locale, source, atPaths(paths),
		func(s *spaceSnapshot) [][]navRow {
			runs := make([][]navRow, len(paths))
			for i, p := range paths {
				runs[i] = s.at(p)
			}
			return runs
		})
}

// readablePicks picks among the runs of the snapshot (each sorted by path, runs in path order)
// or, when the pages rule is not Folio's, among the rows where matches by that rule.
func readablePicks(app core.App, info *core.RequestInfo, space *core.Record, locale, source string,
	where dbx.Expression, runs func(*spaceSnapshot) [][]navRow) ([]pickedRow, error) {
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return nil, err
	}
	if !modelsReadRule(col) || !versioned(app, col) {
		rows, err := findReadableRowsByRule(app, info, dbx.And(inSpace(space.Id, locale, source), where))
		if err != nil {
			return nil, err
		}
		return pickLocale(rows, locale, source), nil
	}
	access, err := readAccessFor(app, info, space)
	if err != nil || access.none {
		return []pickedRow{}, err
	}
	snap, err := loadSnapshot(app, space.Id)
	if err != nil {
		return nil, err
	}
	all := runs(snap)
	n := 0
	for _, run := range all {
		n += len(run)
	}
	out := make([]pickedRow, 0, n)
	for _, run := range all {
		out = pick(out, run, access, locale, source)
	}
	return out, nil
}
