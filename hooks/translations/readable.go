package translations

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"folio/hooks/schema"
)

// pageRow is what the reports say of a page: its address, title, status and translation state,
// never its content.
type pageRow struct {
	Id             string `db:"id" json:"id"`
	Locale         string `db:"locale" json:"locale"`
	Path           string `db:"path" json:"path"`
	Title          string `db:"title" json:"title"`
	Status         string `db:"status" json:"status"`
	Revision       int    `db:"revision" json:"revision"`
	SourceRevision int    `db:"source_revision" json:"source_revision"`
	State          string `db:"translation_state" json:"translation_state"`
}

// findReadablePages returns the pages matching where that the caller may view, judged by the
// pages ViewRule inside the query as PocketBase's list API applies its rules, ordered by path
// and locale. Only the report's columns are read, not the bodies.
func findReadablePages(e *core.RequestEvent, info *core.RequestInfo, where dbx.Expression) ([]pageRow, error) {
	col, err := e.App.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return nil, err
	}
	rows := []pageRow{}
	if col.ViewRule == nil && !info.HasSuperuserAuth() {
		return rows, nil
	}
	cols := []string{"id", schema.PageLocale, schema.PagePath, schema.PageTitle, schema.PageStatus,
		schema.PageRevision, schema.PageSourceRevision, schema.PageTranslationState}
	for i, c := range cols {
		cols[i] = col.Name + "." + c
	}
	q := e.App.RecordQuery(col).Select(cols...).AndWhere(where).
		OrderBy(col.Name+"."+schema.PagePath, col.Name+"."+schema.PageLocale)
	if !info.HasSuperuserAuth() && *col.ViewRule != "" {
		resolver := core.NewRecordFieldResolver(e.App, col, info, true)
		expr, err := search.FilterData(*col.ViewRule).BuildExpr(resolver)
		if err != nil {
			return nil, err
		}
		q.AndWhere(expr)
		if err := resolver.UpdateQuery(q); err != nil {
			return nil, err
		}
	}
	err = q.All(&rows)
	return rows, err
}

// findViewable loads the record of collection named by the {id} path value when the caller
// may view it; any other case is a 404, as PocketBase answers a view-rule miss.
func findViewable(e *core.RequestEvent, info *core.RequestInfo, collection string) (*core.Record, error) {
	rec, err := e.App.FindRecordById(collection, e.Request.PathValue("id"))
	if err != nil {
		return nil, e.NotFoundError("", nil)
	}
	if ok, err := e.App.CanAccessRecord(rec, info, rec.Collection().ViewRule); !ok {
		if err != nil {
			e.App.Logger().Error("Failed to check view access", "collection", collection, "error", err)
		}
		return nil, e.NotFoundError("", nil)
	}
	return rec, nil
}
