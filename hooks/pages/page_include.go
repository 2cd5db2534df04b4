package pages

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/markdown"
	"folio/hooks/schema"
)

// includerFor looks up the pages a Hugo include shortcode on page r names: a path resolved as a
// link from r is, in r's locale, else in the space's source locale. The included page is
// typically rendered never (a headless snippet); its body is rendered into r when r is saved.
// space is r's space, as the save read it.
func includerFor(app core.App, r, space *core.Record) markdown.Includer {
	return func(href string) (string, bool) {
		s := schema.AsSpace(space)
		from := markdown.Location{Locale: r.GetString(schema.PageLocale), Path: r.GetString(schema.PagePath)}
		t, ok := markdown.ResolveLink(href, from, append([]string{s.SourceLocale()}, s.Locales()...))
		if !ok {
			return "", false
		}
		for _, locale := range []string{t.Locale, s.SourceLocale()} {
			var body string
			err := app.DB().Select(schema.PageBody).From(schema.CollectionPages).
				Where(dbx.HashExp{schema.PageSpace: space.Id, schema.PageLocale: locale, schema.PagePath: t.Path}).
				AndWhere(dbx.Not(dbx.HashExp{"id": r.Id})).Limit(1).Row(&body)
			if err == nil {
				return body, true
			}
		}
		return "", false
	}
}
