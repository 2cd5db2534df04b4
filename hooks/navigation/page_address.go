package navigation

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/saveread"
	"folio/hooks/schema"
)

// onPageCreate runs inside the page's save transaction, after the pages concern's own work:
// a page now lives at its address, so links there that followed a redirect or fell back to the
// source page point at it, and a redirect at that address gives way to it.
func onPageCreate(e *core.RecordEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	return pageArrived(e.App, e.Record)
}

// onPageUpdate runs inside the page's save transaction. When the page's address changes —
// through a move or a plain records-API edit of its path or locale — it leaves a redirect at the
// old address before the save, so that the links there keep resolving to the page when the
// pages concern re-resolves them, and then claims the new address.
func onPageUpdate(e *core.RecordEvent) error {
	head, err := saveread.Stored(e.App, e)
	if err != nil {
		return err
	}
	moved := head.GetString(schema.PageLocale) != e.Record.GetString(schema.PageLocale) ||
		head.GetString(schema.PagePath) != e.Record.GetString(schema.PagePath)
	if moved {
		if err := leaveRedirect(e.App, head, e.Record.Id); err != nil {
			return err
		}
	}
	if err := e.Next(); err != nil {
		return err
	}
	if moved {
		return pageArrived(e.App, e.Record)
	}
	return nil
}

// leaveRedirect makes the address head had answer with page from now on.
func leaveRedirect(app core.App, head *core.Record, page string) error {
	r, err := findRedirect(app, head.GetString(schema.PageSpace), head.GetString(schema.PageLocale), head.GetString(schema.PagePath))
	if err != nil {
		return err
	}
	if r == nil {
		col, err := app.FindCachedCollectionByNameOrId(schema.CollectionRedirects)
		if err != nil {
			return err
		}
		r = core.NewRecord(col)
		r.Set(schema.RedirectSpace, head.GetString(schema.PageSpace))
		r.Set(schema.RedirectLocale, head.GetString(schema.PageLocale))
		r.Set(schema.RedirectPath, head.GetString(schema.PagePath))
	}
	r.Set(schema.RedirectPage, page)
	return app.Save(r)
}

// pageArrived runs once page is stored at its address: a redirect there is dropped (the page
// answers the address now), links to the address that followed a redirect or fell back point at
// the page, and — for a source-locale page — links from translations to the same path that had
// no target fall back to it.
func pageArrived(app core.App, page *core.Record) error {
	space, locale, path := page.GetString(schema.PageSpace), page.GetString(schema.PageLocale), page.GetString(schema.PagePath)
	if r, err := findRedirect(app, space, locale, path); err != nil {
		return err
	} else if r != nil {
		if err := app.Delete(r); err != nil {
			return err
		}
	}
	links := schema.CollectionPageLinks + "."
	claimed, err := findLinks(app, dbx.And(
		dbx.HashExp{links + schema.PageLinkSpace: space, links + schema.PageLinkToLocale: locale, links + schema.PageLinkToPath: path},
		dbx.Not(dbx.HashExp{links + schema.PageLinkToPage: page.Id}),
		dbx.Not(dbx.HashExp{links + schema.PageLinkToPage: ""})))
	if err != nil {
		return err
	}
	for _, row := range claimed {
		row.Set(schema.PageLinkToPage, page.Id)
		if err := app.Save(row); err != nil {
			return err
		}
	}
	src, err := app.FindRecordById(schema.CollectionSpaces, space)
	if err != nil || schema.AsSpace(src).SourceLocale() != locale {
		return nil
	}
	waiting, err := findLinks(app, dbx.And(
		dbx.HashExp{links + schema.PageLinkSpace: space, links + schema.PageLinkToPath: path, links + schema.PageLinkToPage: ""},
		dbx.Not(dbx.HashExp{links + schema.PageLinkToLocale: locale})))
	if err != nil {
		return err
	}
	for _, row := range waiting {
		row.Set(schema.PageLinkToPage, page.Id)
		if err := app.Save(row); err != nil {
			return err
		}
	}
	return nil
}

// findRedirect returns the redirect at (space, locale, path), or nil.
func findRedirect(app core.App, space, locale, path string) (*core.Record, error) {
	var found []*core.Record
	err := app.RecordQuery(schema.CollectionRedirects).
		AndWhere(dbx.HashExp{schema.RedirectSpace: space, schema.RedirectLocale: locale, schema.RedirectPath: path}).
		Limit(1).All(&found)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return found[0], nil
}

// findLinks returns the page_links rows matching where.
func findLinks(app core.App, where dbx.Expression) ([]*core.Record, error) {
	var out []*core.Record
	err := app.RecordQuery(schema.CollectionPageLinks).AndWhere(where).All(&out)
	return out, err
}
