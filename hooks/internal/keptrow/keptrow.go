// Package keptrow keeps a record's row as stored and evaluates a filter against it later, as
// PocketBase evaluates a subscription's filter against the stored record: once the record has
// changed or is gone, the kept values stand in for its row in the same query.
package keptrow

import (
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// Read reads the row of record id of col as app sees it stored, each column with its SQLite
// type; nil when there is no such row.
func Read(app core.App, col *core.Collection, id string) (dbx.Params, error) {
	rows, err := app.DB().Select("*").From(col.Name).Where(dbx.HashExp{"id": id}).Limit(1).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out dbx.Params
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = dbx.Params{}
		for i, c := range cols {
			out[c] = vals[i]
		}
	}
	return out, rows.Err()
}

// Matches reports whether filter, built with resolver, holds for record id of col as stored
// (row nil) or for row in its place. Whatever the filter reaches through relations is read as
// stored now.
func Matches(app core.App, col *core.Collection, id string, row dbx.Params, resolver *core.RecordFieldResolver, filter string) bool {
	expr, err := search.FilterData(filter).BuildExpr(resolver)
	if err != nil {
		return false
	}
	db := app.ConcurrentDB()
	if db == nil {
		return false // the app is shutting down
	}
	q := db.Select("(1)").From(col.Name)
	if row != nil {
		from, params := asTable(row)
		q = db.Select("(1)").From(from + " " + col.Name).Bind(params)
	}
	q.AndWhere(dbx.HashExp{col.Name + ".id": id}).AndWhere(expr)
	if resolver.UpdateQuery(q) != nil {
		return false
	}
	var exists int
	return q.Limit(1).Row(&exists) == nil && exists > 0
}

// asTable is a one-row derived table holding row's values, bound as parameters.
func asTable(row dbx.Params) (string, dbx.Params) {
	var b strings.Builder
	params := dbx.Params{}
	b.WriteString("(SELECT ")
	i := 0
	for col, v := range row {
		if i > 0 {
			b.WriteString(", ")
		}
		name := "folio_kept_" + strconv.Itoa(i)
		params[name] = v
		b.WriteString("{:" + name + "} AS [[" + col + "]]")
		i++
	}
	b.WriteString(")")
	return b.String(), params
}
