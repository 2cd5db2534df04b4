package navigation

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"folio/hooks/schema"
)

// pageRow is what navigation says of a page: its address, titles, order and states, never its
// content.
type pageRow struct {
	Id             string `db:"id" json:"id"`
	Locale         string `db:"locale" json:"locale"`
	Path           string `db:"path" json:"path"`
	Title          string `db:"title" json:"title"`
	LinkTitle      string `db:"link_title" json:"link_title"`
	Weight         int    `db:"weight" json:"weight"`
	Render         string `db:"render" json:"render"`
	Status         string `db:"status" json:"status"`
	Revision       int    `db:"revision" json:"revision"`
	SourceRevision int    `db:"source_revision" json:"source_revision"`
	State          string `db:"translation_state" json:"translation_state"`
}

// navTitle is the title a menu shows: link_title, else the title.
func (r pageRow) navTitle() string {
	if r.LinkTitle != "" {
		return r.LinkTitle
	}
	return r.Title
}

var rowColumns = []string{"id", schema.PageLocale, schema.PagePath, schema.PageTitle, schema.PageLinkTitle,
	schema.PageWeight, schema.PageRender, schema.PageStatus, schema.PageRevision, schema.PageSourceRevision,
	schema.PageTranslationState}

// findReadableRowsByRule returns the pages matching where that the caller may view, judged by
// the pages ViewRule inside the query as PocketBase's list API applies its rules. Only the
// navigation columns are read, never the bodies. While the rule is the one Folio sets, the
// space's snapshot filtered by readAccess (readable_snapshot.go) gives the same rows faster.
func findReadableRowsByRule(app core.App, info *core.RequestInfo, where dbx.Expression) ([]pageRow, error) {
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return nil, err
	}
	if col.ViewRule == nil && !info.HasSuperuserAuth() {
		return []pageRow{}, nil
	}
	cols := make([]string, len(rowColumns))
	for i, c := range rowColumns {
		cols[i] = col.Name + "." + c
	}
	q := app.RecordQuery(col).Select(cols...).AndWhere(where)
	if !info.HasSuperuserAuth() && *col.ViewRule != "" {
		resolver := core.NewRecordFieldResolver(app, col, info, true)
		expr, err := search.FilterData(*col.ViewRule).BuildExpr(resolver)
		if err != nil {
			return nil, err
		}
		q.AndWhere(expr)
		if err := resolver.UpdateQuery(q); err != nil {
			return nil, err
		}
	}
	return scanRows(q)
}

// scanRows reads the rows of q column by column: dbx's reflection-driven All costs four times
// as much on a tree of ten thousand pages.
func scanRows(q *dbx.SelectQuery) ([]pageRow, error) {
	res, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer res.Close()
	rows := []pageRow{}
	for res.Next() {
		var r pageRow
		var linkTitle, render, state sql.NullString
		var weight, revision, sourceRevision sql.NullFloat64
		if err := res.Scan(&r.Id, &r.Locale, &r.Path, &r.Title, &linkTitle, &weight, &render, &r.Status,
			&revision, &sourceRevision, &state); err != nil {
			return nil, err
		}
		r.LinkTitle, r.Render, r.State = linkTitle.String, render.String, state.String
		r.Weight, r.Revision, r.SourceRevision = int(weight.Float64), int(revision.Float64), int(sourceRevision.Float64)
		rows = append(rows, r)
	}
	return rows, res.Err()
}

// inSpace matches pages of space in one of locales.
func inSpace(space string, locales ...string) dbx.Expression {
	vals := make([]any, len(locales))
	for i, l := range locales {
		vals[i] = l
	}
	return dbx.And(
		dbx.HashExp{schema.CollectionPages + "." + schema.PageSpace: space},
		dbx.In(schema.CollectionPages+"."+schema.PageLocale, vals...))
}

// underPath matches the page at path and every page below it; an empty path matches all. The
// pages below are the byte range ["path/", "path0"): "0" follows "/" in every encoding SQLite
// compares with, and a range keeps the (space, locale, path) index in use.
func underPath(field, path string) dbx.Expression {
	if path == "" {
		return dbx.NewExp("1=1")
	}
	col := "[[" + strings.ReplaceAll(field, ".", "]].[[") + "]]"
	return dbx.Or(
		dbx.HashExp{field: path},
		dbx.NewExp(fmt.Sprintf("(%s >= {:nav_lo} AND %s < {:nav_hi})", col, col),
			dbx.Params{"nav_lo": path + "/", "nav_hi": path + "0"}))
}

// atPaths matches pages whose path is one of paths.
func atPaths(paths []string) dbx.Expression {
	vals := make([]any, len(paths))
	for i, p := range paths {
		vals[i] = p
	}
	return dbx.In(schema.CollectionPages+"."+schema.PagePath, vals...)
}
