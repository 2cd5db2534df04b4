package pages

import (
	"net/http"
	"strconv"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"folio/hooks/schema"
)

// findReadable returns the records of collection matching where that the caller may list,
// applying the collection's ListRule as PocketBase's list API does, newest first, one page of
// results.
func findReadable(e *core.RequestEvent, collection string, where dbx.Expression, p paging) ([]*core.Record, error) {
	col, err := e.App.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	info, err := e.RequestInfo()
	if err != nil {
		return nil, err
	}
	q := e.App.RecordQuery(col).AndWhere(where)
	if !info.HasSuperuserAuth() {
		if col.ListRule == nil {
			return []*core.Record{}, nil
		}
		if err := narrowToRule(e.App, col, info, *col.ListRule, q); err != nil {
			return nil, err
		}
	}
	var out []*core.Record
	err = q.OrderBy(col.Name + ".id").Limit(int64(p.PerPage)).Offset(int64((p.Page - 1) * p.PerPage)).All(&out)
	return out, err
}

// narrowToRule adds rule, resolved for the caller info describes as PocketBase's list API
// resolves it (its joins, @collection lookups and @now), to q, a query of col's records.
func narrowToRule(app core.App, col *core.Collection, info *core.RequestInfo, rule string, q *dbx.SelectQuery) error {
	resolver := core.NewRecordFieldResolver(app, col, info, true)
	expr, err := search.FilterData(rule).BuildExpr(resolver)
	if err != nil {
		return err
	}
	q.AndWhere(expr)
	return resolver.UpdateQuery(q)
}

// unreadablePage is the condition "the page named by column is none the caller may list": the
// column is empty, or names a page outside the pages list rule resolved for the caller, as
// PocketBase's list API resolves it. For a superuser it is only the empty column.
func unreadablePage(e *core.RequestEvent, column string) (dbx.Expression, error) {
	missing := dbx.HashExp{column: ""}
	info, err := e.RequestInfo()
	if err != nil {
		return nil, err
	}
	if info.HasSuperuserAuth() {
		return missing, nil
	}
	pages, err := e.App.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return nil, err
	}
	if pages.ListRule == nil {
		return dbx.NewExp("1=1"), nil
	}
	readable := e.App.RecordQuery(pages).Select(pages.Name + ".id")
	if err := narrowToRule(e.App, pages, info, *pages.ListRule, readable); err != nil {
		return nil, err
	}
	b := readable.Build()
	return dbx.Or(missing, dbx.NewExp("[["+column+"]] NOT IN ("+b.SQL()+")", b.Params())), nil
}

// findViewablePage loads the page named by the {id} path value if the caller may view it;
// any other case is a 404, as PocketBase answers a view-rule miss.
func findViewablePage(e *core.RequestEvent) (*core.Record, error) {
	return findPageWithRule(e, func(c *core.Collection) *string { return c.ViewRule })
}

// findPageWithRule loads the {id} page if the caller passes the rule of the pages collection
// that rule picks.
func findPageWithRule(e *core.RequestEvent, rule func(*core.Collection) *string) (*core.Record, error) {
	page, err := e.App.FindRecordById(schema.CollectionPages, e.Request.PathValue("id"))
	if err != nil {
		return nil, e.NotFoundError("", nil)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return nil, e.BadRequestError("", err)
	}
	if ok, _ := e.App.CanAccessRecord(page, info, rule(page.Collection())); !ok {
		return nil, e.NotFoundError("", nil)
	}
	return page, nil
}

// paging is the page/perPage pair of a list route, with PocketBase's defaults and limits.
type paging struct {
	Page    int `json:"page"`
	PerPage int `json:"perPage"`
}

func readPaging(e *core.RequestEvent) paging {
	p := paging{Page: 1, PerPage: 100}
	if n, err := strconv.Atoi(e.Request.URL.Query().Get("page")); err == nil && n > 0 {
		p.Page = n
	}
	if n, err := strconv.Atoi(e.Request.URL.Query().Get("perPage")); err == nil && n > 0 {
		p.PerPage = min(n, 500)
	}
	return p
}

// pageRef is how link lists name a page.
type pageRef struct {
	Id     string `json:"id"`
	Locale string `json:"locale"`
	Path   string `json:"path"`
	Title  string `json:"title"`
}

// linkItem is one link in a backlinks or broken-links answer.
type linkItem struct {
	Id       string  `json:"id"`
	From     pageRef `json:"from"`
	Href     string  `json:"href"`
	ToLocale string  `json:"to_locale"`
	ToPath   string  `json:"to_path"`
	Anchor   string  `json:"anchor"`
	ToPage   string  `json:"to_page"`
}

// linkList answers a list route with rows of page_links the caller may read, each with the
// page it is written on. withTarget false leaves to_page empty: the rows are links to no page the
// caller may read.
func linkList(e *core.RequestEvent, where dbx.Expression, withTarget bool) error {
	p := readPaging(e)
	rows, err := findReadable(e, schema.CollectionPageLinks, where, p)
	if err != nil {
		e.App.Logger().Error("Failed to list page links", "error", err)
		return e.InternalServerError("", nil)
	}
	ids := make([]string, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.GetString(schema.PageLinkPage))
	}
	pages, err := e.App.FindRecordsByIds(schema.CollectionPages, ids)
	if err != nil {
		e.App.Logger().Error("Failed to load linking pages", "error", err)
		return e.InternalServerError("", nil)
	}
	byId := make(map[string]*core.Record, len(pages))
	for _, pg := range pages {
		byId[pg.Id] = pg
	}
	items := make([]linkItem, 0, len(rows))
	for _, r := range rows {
		from := byId[r.GetString(schema.PageLinkPage)]
		if from == nil {
			continue
		}
		target := ""
		if withTarget {
			target = r.GetString(schema.PageLinkToPage)
		}
		items = append(items, linkItem{
			Id:   r.Id,
			From: pageRef{Id: from.Id, Locale: from.GetString(schema.PageLocale), Path: from.GetString(schema.PagePath), Title: from.GetString(schema.PageTitle)},
			Href: r.GetString(schema.PageLinkHref), ToLocale: r.GetString(schema.PageLinkToLocale), ToPath: r.GetString(schema.PageLinkToPath),
			Anchor: r.GetString(schema.PageLinkAnchor), ToPage: target,
		})
	}
	return e.JSON(http.StatusOK, map[string]any{"page": p.Page, "perPage": p.PerPage, "items": items})
}
