package navigation

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// pageReader finds single pages of one space for one caller and keeps those the caller may
// view. While the pages rule is the one Folio sets, the caller's readAccess is decided once
// and each page is judged on its own columns; otherwise, and for a page of another space,
// PocketBase evaluates the view rule.
type pageReader struct {
	app    core.App
	info   *core.RequestInfo
	space  string
	fast   bool
	access readAccess
}

func newPageReader(app core.App, info *core.RequestInfo, space *core.Record) (pageReader, error) {
	rd := pageReader{app: app, info: info, space: space.Id}
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return rd, err
	}
	if modelsReadRule(col) {
		rd.fast = true
		rd.access, err = readAccessFor(app, info, space)
	}
	return rd, err
}

// find returns the page matching where if the caller may view it, else nil.
func (rd pageReader) find(where dbx.Expression) (*core.Record, error) {
	var found []*core.Record
	if err := rd.app.RecordQuery(schema.CollectionPages).AndWhere(where).Limit(1).All(&found); err != nil || len(found) == 0 {
		return nil, err
	}
	p := found[0]
	if rd.fast && p.GetString(schema.PageSpace) == rd.space {
		if rd.access.allows(p.GetString(schema.PageStatus), p.GetString(schema.PageRender),
			p.GetString(schema.PagePublishAt), p.GetString(schema.PageUnpublishAt)) {
			return p, nil
		}
		return nil, nil
	}
	if ok, _ := rd.app.CanAccessRecord(p, rd.info, p.Collection().ViewRule); !ok {
		return nil, nil
	}
	return p, nil
}
