package pages

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/markdown"
	"folio/hooks/schema"
)

// linkKey identifies a link row of a page: one row per distinct target and anchor.
type linkKey struct{ locale, path, anchor string }

// syncLinks makes the page's page_links rows match the internal links of its body: rows
// for links that went away are deleted, new ones added with their target resolved (or broken),
// unchanged ones left alone so that a typical edit writes no link rows at all.
func syncLinks(app core.App, page, space *core.Record, links []markdown.Link) error {
	want := wantedLinks(page, space, links)
	existing, err := findLinkKeys(app, page.Id)
	if err != nil {
		return err
	}
	for _, row := range existing {
		k := linkKey{row.ToLocale, row.ToPath, row.Anchor}
		if _, keep := want[k]; keep {
			delete(want, k)
			continue
		}
		// Loaded as a record only to be deleted, through its hooks (realtime among them).
		rec, err := app.FindRecordById(schema.CollectionPageLinks, row.Id)
		if err != nil {
			return err
		}
		if err := app.Delete(rec); err != nil {
			return err
		}
	}
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionPageLinks)
	if err != nil {
		return err
	}
	for k, href := range want {
		row := core.NewRecord(col)
		row.Set(schema.PageLinkPage, page.Id)
		row.Set(schema.PageLinkSpace, page.GetString(schema.PageSpace))
		row.Set(schema.PageLinkHref, href)
		row.Set(schema.PageLinkToLocale, k.locale)
		row.Set(schema.PageLinkToPath, k.path)
		row.Set(schema.PageLinkAnchor, k.anchor)
		row.Set(schema.PageLinkToPage, findPageId(app, page.GetString(schema.PageSpace), k.locale, k.path))
		// The page was just written, its space checked, and to_page found, in this transaction.
		if err := saveDerived(app, row, schema.PageLinkPage, schema.PageLinkSpace, schema.PageLinkToPage); err != nil {
			return err
		}
	}
	return nil
}

// wantedLinks resolves the body's links to targets in the page's space, first href per
// target. External links and links to the page itself (in-page anchors) are not indexed.
func wantedLinks(page, space *core.Record, links []markdown.Link) map[linkKey]string {
	s := schema.AsSpace(space)
	locales := append([]string{s.SourceLocale()}, s.Locales()...)
	from := markdown.Location{Locale: page.GetString(schema.PageLocale), Path: page.GetString(schema.PagePath)}
	want := map[linkKey]string{}
	for _, l := range links {
		t, ok := markdown.ResolveLink(l.Href, from, locales)
		if !ok || (t.Locale == from.Locale && t.Path == from.Path) {
			continue
		}
		k := linkKey{t.Locale, t.Path, t.Anchor}
		if _, seen := want[k]; !seen && len(want) < maxLinksPerPage {
			want[k] = l.Href
		}
	}
	return want
}

// maxLinksPerPage bounds the rows one save may write; a page with more internal links than
// this is a generated index, and its first links are the ones worth a backlink.
const maxLinksPerPage = 1000

// findPageId returns the id of the page at (space, locale, path), or "".
func findPageId(app core.App, space, locale, path string) string {
	var id string
	_ = app.DB().Select("id").From(schema.CollectionPages).
		Where(dbx.HashExp{schema.PageSpace: space, schema.PageLocale: locale, schema.PagePath: path}).
		Limit(1).Row(&id)
	return id
}

// relinkIncoming runs when a page appears at (space, locale, path) — created, or moved
// there: links elsewhere that pointed to its old address become broken, and broken links
// waiting for its new address now resolve to it.
func relinkIncoming(app core.App, page *core.Record) error {
	space, locale, path := page.GetString(schema.PageSpace), page.GetString(schema.PageLocale), page.GetString(schema.PagePath)
	stale, err := findLinks(app, dbx.And(dbx.HashExp{schema.PageLinkToPage: page.Id}, dbx.Not(dbx.HashExp{
		schema.PageLinkSpace: space, schema.PageLinkToLocale: locale, schema.PageLinkToPath: path})))
	if err != nil {
		return err
	}
	waiting, err := findLinks(app, dbx.HashExp{schema.PageLinkToPage: "", schema.PageLinkSpace: space,
		schema.PageLinkToLocale: locale, schema.PageLinkToPath: path})
	if err != nil {
		return err
	}
	for _, row := range stale {
		row.Set(schema.PageLinkToPage, "")
		if err := app.Save(row); err != nil {
			return err
		}
	}
	for _, row := range waiting {
		row.Set(schema.PageLinkToPage, page.Id)
		if err := app.Save(row); err != nil {
			return err
		}
	}
	return nil
}

// linkRow is what syncLinks compares of a page's existing link rows.
type linkRow struct {
	Id       string `db:"id"`
	ToLocale string `db:"to_locale"`
	ToPath   string `db:"to_path"`
	Anchor   string `db:"anchor"`
}

// findLinkKeys reads the targets of page's link rows as plain columns: a save whose links did
// not change builds no record.
func findLinkKeys(app core.App, page string) ([]linkRow, error) {
	var rows []linkRow
	err := app.DB().Select("id", schema.PageLinkToLocale+" AS to_locale", schema.PageLinkToPath+" AS to_path", schema.PageLinkAnchor+" AS anchor").
		From(schema.CollectionPageLinks).Where(dbx.HashExp{schema.PageLinkPage: page}).All(&rows)
	return rows, err
}

// findLinks returns the page_links rows matching where, read through app.
func findLinks(app core.App, where dbx.Expression) ([]*core.Record, error) {
	var out []*core.Record
	err := app.RecordQuery(schema.CollectionPageLinks).AndWhere(where).All(&out)
	return out, err
}
