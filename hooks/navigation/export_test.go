package navigation

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// ReadableIds returns the ids of the pages of space the caller of info may read, through the
// fast filter (fast) or the pages rule evaluated in the query.
func ReadableIds(app core.App, info *core.RequestInfo, space *core.Record, fast bool) ([]string, error) {
	where := dbx.HashExp{"pages.space": space.Id}
	var rows []pageRow
	var err error
	if fast {
		rows, err = findReadableRows(app, info, space, where)
	} else {
		rows, err = findReadableRowsByRule(app, info, where)
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.Id
	}
	return ids, err
}

// ModelsReadRule reports whether the fast filter applies to the pages collection's rules.
var ModelsReadRule = modelsReadRule
