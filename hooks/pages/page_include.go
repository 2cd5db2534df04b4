package pages

import (
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/internal/markdown"
	"folio/hooks/schema"
)

// includerFor looks up the pages a Hugo include shortcode on page r names: a path resolved as a
// link from r is, in r's locale, else in the space's source locale — in each, the page at the
// path or, when it moved, the page its redirect names, if that page is live (includedBody). The
// included page is typically rendered never (a headless snippet); its body is rendered into r
// when r is rendered. space is r's space, as the save read it. Every address asked for is noted
// for r, so that the save writes r's page_includes rows (includeTargets).
func includerFor(app core.App, r, space *core.Record) markdown.Includer {
	targets := &includeTargets{}
	pendingIncludes.Store(r, targets)
	return func(href string) (string, bool) {
		s := schema.AsSpace(space)
		from := markdown.Location{Locale: r.GetString(schema.PageLocale), Path: r.GetString(schema.PagePath)}
		t, ok := markdown.ResolveLink(href, from, append([]string{s.SourceLocale()}, s.Locales()...))
		if !ok {
			return "", false
		}
		targets.add(t.Locale, t.Path)
		for _, locale := range []string{t.Locale, s.SourceLocale()} {
			if body, ok := includedBody(app, r, space.Id, locale, t.Path); ok {
				return body, true
			}
		}
		return "", false
	}
}

// includedBody returns the body of the page at (space, locale, path) other than r, or of the
// page a redirect there names, when that page is live: published and inside its publish window
// now. A page's html is one text for all its readers, so it takes in only what the space has
// released: a draft, a scheduled or an expired page is not there to include. A live page rendered
// never (a headless snippet, which only editors open on its own) is made to be included and is.
// When the included page goes live or stops being live, its includers are rendered again
// (onPageSaveIncludes); the scheduler saves a page whose window opens or closes, within a minute.
func includedBody(app core.App, r *core.Record, space, locale, path string) (string, bool) {
	params := dbx.Params{"space": space, "locale": locale, "path": path, "self": r.Id,
		"published": schema.PagePublished, "now": types.NowDateTime().String()}
	var body string
	err := app.DB().NewQuery("SELECT p.[[" + schema.PageBody + "]] FROM {{" + schema.CollectionPages + "}} p" +
		" WHERE p.[[" + schema.PageSpace + "]] = {:space} AND p.[[" + schema.PageLocale + "]] = {:locale}" +
		" AND p.[[" + schema.PagePath + "]] = {:path} AND p.[[id]] != {:self} AND " + liveSQL("p") + " LIMIT 1").
		Bind(params).Row(&body)
	if err == nil {
		return body, true
	}
	err = app.DB().NewQuery("SELECT p.[[" + schema.PageBody + "]] FROM {{" + schema.CollectionRedirects + "}} r" +
		" JOIN {{" + schema.CollectionPages + "}} p ON p.[[id]] = r.[[" + schema.RedirectPage + "]]" +
		" WHERE r.[[" + schema.RedirectSpace + "]] = {:space} AND r.[[" + schema.RedirectLocale + "]] = {:locale}" +
		" AND r.[[" + schema.RedirectPath + "]] = {:path} AND p.[[id]] != {:self} AND " + liveSQL("p") + " LIMIT 1").
		Bind(params).Row(&body)
	return body, err == nil
}

// liveSQL is isLive as a condition on the pages row alias, against the parameters {:published}
// and {:now} (a stored date-time string): the status is published, publish_at is empty or past,
// unpublish_at is empty or still ahead.
func liveSQL(alias string) string {
	col := func(name string) string { return alias + ".[[" + name + "]]" }
	return "(" + col(schema.PageStatus) + " = {:published}" +
		" AND (" + col(schema.PagePublishAt) + " = '' OR " + col(schema.PagePublishAt) + " IS NULL OR " + col(schema.PagePublishAt) + " <= {:now})" +
		" AND (" + col(schema.PageUnpublishAt) + " = '' OR " + col(schema.PageUnpublishAt) + " IS NULL OR " + col(schema.PageUnpublishAt) + " > {:now}))"
}

// includeTargets are the addresses one rendering of a page asked its includer for.
type includeTargets struct {
	mu    sync.Mutex
	addrs [][2]string // locale, path
}

func (t *includeTargets) add(locale, path string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, a := range t.addrs {
		if a == [2]string{locale, path} {
			return
		}
	}
	t.addrs = append(t.addrs, [2]string{locale, path})
}

// any reports whether the rendering asked for any address.
func (t *includeTargets) any() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.addrs) > 0
}

// pendingIncludes maps a *core.Record rendered in a save to the addresses its includes named,
// between the rendering and the write of its page_includes rows.
var pendingIncludes sync.Map
