package navigation

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// onPageLinkSave runs for every page_links row written, inside the page save that writes it. A
// row without a target page gets one when its address has a redirect (the page moved) or, for a
// link from a translation, when the source locale has the page (a fallback link, not a broken
// one). fallback says whether the target is in another locale than the link names.
func onPageLinkSave(e *core.RecordEvent) error {
	row := e.Record
	if row.GetString(schema.PageLinkToPage) == "" {
		id, fallback := resolveTarget(e.App, row.GetString(schema.PageLinkSpace),
			row.GetString(schema.PageLinkToLocale), row.GetString(schema.PageLinkToPath))
		row.Set(schema.PageLinkToPage, id)
		row.Set(schema.PageLinkFallback, fallback)
	} else if row.IsNew() || row.Original().GetString(schema.PageLinkToPage) != row.GetString(schema.PageLinkToPage) {
		row.Set(schema.PageLinkFallback, pageLocale(e.App, row.GetString(schema.PageLinkToPage)) != row.GetString(schema.PageLinkToLocale))
	}
	return e.Next()
}

// resolveTarget finds the page a link to (space, locale, path) reaches when no page lives
// there: through a redirect in locale, else the source-locale page at path or its redirect.
// It returns "" when the link is broken.
func resolveTarget(app core.App, space, locale, path string) (id string, fallback bool) {
	if r, _ := findRedirect(app, space, locale, path); r != nil {
		id := r.GetString(schema.RedirectPage)
		return id, pageLocale(app, id) != locale
	}
	s, err := app.FindRecordById(schema.CollectionSpaces, space)
	if err != nil {
		return "", false
	}
	source := schema.AsSpace(s).SourceLocale()
	if source == locale {
		return "", false
	}
	var found string
	_ = app.DB().Select("id").From(schema.CollectionPages).
		Where(dbx.HashExp{schema.PageSpace: space, schema.PageLocale: source, schema.PagePath: path}).
		Limit(1).Row(&found)
	if found != "" {
		return found, true
	}
	if r, _ := findRedirect(app, space, source, path); r != nil {
		return r.GetString(schema.RedirectPage), true
	}
	return "", false
}

// pageLocale returns the locale of the page id, or "".
func pageLocale(app core.App, id string) string {
	var l string
	_ = app.DB().Select(schema.PageLocale).From(schema.CollectionPages).
		Where(dbx.HashExp{"id": id}).Limit(1).Row(&l)
	return l
}
