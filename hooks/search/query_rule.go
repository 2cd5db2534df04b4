package search

import (
	"encoding/json"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/dbutils"
	pbsearch "github.com/pocketbase/pocketbase/tools/search"

	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
)

// readableAmong returns which candidates pass the client's filters and the caller's list rule.
func readableAmong(app core.App, pages *core.Collection, info *core.RequestInfo, p Params, cands []candidate) (map[int64]bool, error) {
	out := make(map[int64]bool, len(cands))
	if len(cands) == 0 {
		return out, nil
	}
	query, err := readableQuery(app, pages, info, p, cands)
	if err != nil {
		return nil, err
	}
	var list string
	if err := query.Row(&list); err != nil {
		return nil, err
	}
	var ids []int64
	if err := json.Unmarshal([]byte(list), &ids); err != nil {
		return nil, err
	}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// readableQuery selects, as one JSON array, the rowids of the candidates whose pages pass the
// filters and the list rule; the candidates travel as one JSON parameter too, however many.
func readableQuery(app core.App, pages *core.Collection, info *core.RequestInfo, p Params, cands []candidate) (*dbx.SelectQuery, error) {
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.RowID
	}
	rowids, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	return readableAmongRows(app, pages, info, p,
		fmt.Sprintf("json_group_array([[%s.%s]])", schema.SearchDocsTable, schema.SearchDocID),
		"SELECT [[value]] FROM json_each({:fs_rowids})", dbx.Params{"fs_rowids": string(rowids)})
}

// readableAmongRows selects column over the index rows listed by the rowids subquery (its
// parameters bound) whose pages pass the filters and the list rule.
func readableAmongRows(app core.App, pages *core.Collection, info *core.RequestInfo, p Params, column, rowids string, params dbx.Params) (*dbx.SelectQuery, error) {
	query := app.DB().Select(column).
		From(docsByID()).
		InnerJoin(pagesByID(pages), dbx.NewExp(fmt.Sprintf("[[%s.id]] = [[%s.%s]]",
			schema.CollectionPages, schema.SearchDocsTable, schema.SearchDocPage))).
		Where(dbx.NewExp(fmt.Sprintf("[[%s.%s]] IN (%s)", schema.SearchDocsTable, schema.SearchDocID, rowids), params))
	return query, narrowToReadable(app, pages, info, p, query)
}

// narrowToReadable adds the client's filters and what the caller may read to a query over pages.
func narrowToReadable(app core.App, pages *core.Collection, info *core.RequestInfo, p Params, query *dbx.SelectQuery) error {
	query.AndWhere(filters(p))
	rule := p.rule
	if rule == nil {
		var err error
		if rule, err = newReadRule(app, pages, info); err != nil {
			return err
		}
	}
	return rule.apply(app, pages, info, query)
}

// pagesByID is the pages table as the rule check joins it, one page per candidate: through the
// read index (schema.PagesReadIndex) while the collection has it, which holds every column the
// modeled rule and the space and locale filters read, so no page row is read. SQLite would pick
// the id's unique index and read the row (the columns sit after the 14 KB of markdown and HTML).
func pagesByID(pages *core.Collection) string {
	for _, idx := range pages.Indexes {
		if dbutils.ParseIndex(idx).IndexName == schema.PagesReadIndex {
			return fmt.Sprintf("{{%s}} INDEXED BY [[%s]]", schema.CollectionPages, schema.PagesReadIndex)
		}
	}
	return schema.CollectionPages
}

// docsByID is pages_search as the rule check reads it, one row per candidate: through its page
// index, a few bytes an entry, rather than its rows, which hold the snippet text.
func docsByID() string {
	return fmt.Sprintf("{{%s}} INDEXED BY [[%s]]", schema.SearchDocsTable, schema.SearchDocsPageIndex)
}

// filters are the optional narrowing the client asked for, each value bound.
func filters(p Params) dbx.Expression {
	col := func(field string) string { return fmt.Sprintf("[[%s.%s]]", schema.CollectionPages, field) }
	var exprs []dbx.Expression
	if p.Space != "" {
		exprs = append(exprs, dbx.NewExp(fmt.Sprintf(
			"%s IN (SELECT [[id]] FROM {{%s}} WHERE [[id]] = {:fs_space} OR [[%s]] = {:fs_space})",
			col(schema.PageSpace), schema.CollectionSpaces, schema.SpaceSlug), dbx.Params{"fs_space": p.Space}))
	}
	if len(p.Locales) > 0 {
		values := make([]any, len(p.Locales))
		for i, l := range p.Locales {
			values[i] = l
		}
		exprs = append(exprs, dbx.In(schema.CollectionPages+"."+schema.PageLocale, values...))
	}
	for i, tag := range p.Tags {
		name := fmt.Sprintf("fs_tag%d", i)
		exprs = append(exprs, dbx.NewExp(fmt.Sprintf(
			"EXISTS (SELECT 1 FROM json_each(%s) WHERE [[value]] = {:%s})", col(schema.PageTags), name),
			dbx.Params{name: tag}))
	}
	return dbx.And(exprs...)
}

// applyListRule narrows query to the pages the caller may list, the way PocketBase's records
// list API does: superusers skip the rule, a nil rule means superusers only, and any other rule
// is resolved against the caller (joins, @collection lookups, @now) into the same SQL.
//
// The list rule, not the view rule, because search enumerates pages: a collection that lets
// people open a page by id without listing it must not become listable through search. For
// pages both rules are the same today.
func applyListRule(app core.App, pages *core.Collection, info *core.RequestInfo, query *dbx.SelectQuery) error {
	if info.HasSuperuserAuth() {
		return nil
	}
	if pages.ListRule == nil {
		return ErrSuperusersOnly
	}
	if *pages.ListRule == "" {
		return nil
	}
	resolver := core.NewRecordFieldResolver(app, pages, info, true)
	expr, err := pbsearch.FilterData(*pages.ListRule).BuildExpr(resolver)
	if err != nil {
		return fmt.Errorf("the pages list rule: %w", err)
	}
	query.AndWhere(expr)
	return resolver.UpdateQuery(query)
}

// countReadable counts the matches the caller may read, up to limit. It neither ranks nor
// orders: FTS5 lists the matching rowids (no bm25, a fraction of ranking's cost) and the rule
// checks them until limit readable ones are found.
func countReadable(app core.App, pages *core.Collection, info *core.RequestInfo, q textseg.Query, p Params, limit int) (int, error) {
	query, err := countQuery(app, pages, info, q, p, limit)
	if err != nil {
		return 0, err
	}
	b := query.Build()
	var n int
	err = app.DB().NewQuery("SELECT COUNT(*) FROM (" + b.SQL() + ")").Bind(b.Params()).Row(&n)
	return n, err
}

// countQuery selects the rowids of up to limit readable matches, in no particular order. FTS5's
// matches drive the join, read lazily in rowid order, so the count stops at limit without
// listing every match of a common word first.
func countQuery(app core.App, pages *core.Collection, info *core.RequestInfo, q textseg.Query, p Params, limit int) (*dbx.SelectQuery, error) {
	// The rowid, not a constant: the rule may make the query DISTINCT.
	query := app.DB().Select(fmt.Sprintf("[[%s.%s]]", schema.SearchDocsTable, schema.SearchDocID)).
		From(schema.SearchIndexTable).
		InnerJoin(docsByID(), dbx.NewExp(fmt.Sprintf("[[%s.%s]] = [[%s.rowid]]",
			schema.SearchDocsTable, schema.SearchDocID, schema.SearchIndexTable))).
		InnerJoin(pagesByID(pages), dbx.NewExp(fmt.Sprintf("[[%s.id]] = [[%s.%s]]",
			schema.CollectionPages, schema.SearchDocsTable, schema.SearchDocPage))).
		Where(dbx.NewExp(fmt.Sprintf("{{%[1]s}} MATCH {:fs_match}", schema.SearchIndexTable), dbx.Params{"fs_match": columnMatch(q)}))
	if err := narrowToReadable(app, pages, info, p, query); err != nil {
		return nil, err
	}
	return query.Limit(int64(limit)), nil
}
