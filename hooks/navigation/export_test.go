package navigation

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// ReadableIds returns the ids of the pages of space, in every locale, the caller of info may
// read: through what the routes use (fast: the space's snapshot and readAccess while the pages
// rule is Folio's) or through the pages rule evaluated in the query.
func ReadableIds(app core.App, info *core.RequestInfo, space *core.Record, fast bool) ([]string, error) {
	var ids []string
	if fast {
		for _, l := range spaceLocales(space) {
			picked, err := readablePicksUnder(app, info, space, l, l, "")
			if err != nil {
				return nil, err
			}
			for _, p := range picked {
				ids = append(ids, p.Id)
			}
		}
		return ids, nil
	}
	rows, err := findReadableRowsByRule(app, info, dbx.HashExp{"pages.space": space.Id})
	for _, r := range rows {
		ids = append(ids, r.Id)
	}
	return ids, err
}

// ModelsReadRule reports whether the fast filter applies to the pages collection's rules.
var ModelsReadRule = modelsReadRule
