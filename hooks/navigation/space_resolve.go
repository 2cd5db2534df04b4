package navigation

import (
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// resolved is what a reader of a locale sees at a path.
type resolved struct {
	page         *core.Record
	fallback     bool
	redirectFrom string // the address followed, "" when none
}

// spaceResolve answers GET /api/folio/spaces/{id}/resolve?locale=&path=: the page a reader of
// locale should see at path — the translation, else (when there is none the caller may read)
// the source page with fallback: true — following a redirect left by a move. For a translation
// it tells whether it is outdated and the source's head revision, so a client can say so.
func spaceResolve(e *core.RequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	space, err := findViewableSpace(e, info)
	if err != nil {
		return err
	}
	q := e.Request.URL.Query()
	locale, err := readLocale(e, space, q.Get("locale"))
	if err != nil {
		return err
	}
	path, err := readPath(e, "path", q.Get("path"), false)
	if err != nil {
		return err
	}
	source := schema.AsSpace(space).SourceLocale()
	rd, err := newPageReader(e.App, info, space)
	if err != nil {
		e.App.Logger().Error("Failed to read the caller's access", "space", space.Id, "error", err)
		return e.InternalServerError("", nil)
	}
	res, err := resolveAddress(rd, space.Id, locale, source, path)
	if err != nil {
		e.App.Logger().Error("Failed to resolve a page address", "space", space.Id, "error", err)
		return e.InternalServerError("", nil)
	}
	if res.page == nil {
		return e.NotFoundError("No page the caller may read answers this locale and path.", nil)
	}
	return e.JSON(http.StatusOK, resolveAnswer(rd, space.Id, source, locale, path, res))
}

// resolveAddress looks, in order, for a readable page at (locale, path), a redirect at that
// address to a readable page, and the same two in the source locale (a fallback).
func resolveAddress(rd pageReader, space, locale, source, path string) (resolved, error) {
	locales := []string{locale}
	if source != locale {
		locales = append(locales, source)
	}
	for _, l := range locales {
		fallback := l != locale
		if p, err := rd.find(dbx.HashExp{
			schema.PageSpace: space, schema.PageLocale: l, schema.PagePath: path}); err != nil || p != nil {
			return resolved{page: p, fallback: fallback}, err
		}
		r, err := findRedirect(rd.app, space, l, path)
		if err != nil {
			return resolved{}, err
		}
		if r == nil {
			continue
		}
		p, err := rd.find(dbx.HashExp{"id": r.GetString(schema.RedirectPage)})
		if err != nil {
			return resolved{}, err
		}
		if p != nil {
			return resolved{page: p, fallback: fallback || p.GetString(schema.PageLocale) != locale, redirectFrom: l + "/" + path}, nil
		}
	}
	return resolved{}, nil
}

// resolveAnswer is the JSON of a resolved address: the page record as the records API would
// show it, and what a client needs for a banner.
func resolveAnswer(rd pageReader, space, source, locale, path string, res resolved) map[string]any {
	p := res.page
	state := p.GetString(schema.PageTranslationState)
	if res.fallback {
		state = missingState
	}
	out := map[string]any{
		"locale": locale, "path": path, "page": p, "fallback": res.fallback,
		"redirected": res.redirectFrom != "", "redirected_from": res.redirectFrom,
		"translation_state": state, "outdated": state == schema.TranslationOutdated,
		"source": nil,
	}
	if p.GetString(schema.PageLocale) != source {
		if s, _ := rd.find(dbx.HashExp{schema.PageSpace: space,
			schema.PageLocale: source, schema.PagePath: p.GetString(schema.PagePath)}); s != nil {
			out["source"] = map[string]any{"id": s.Id, "path": s.GetString(schema.PagePath),
				"revision": s.GetInt(schema.PageRevision), "title": s.GetString(schema.PageTitle)}
			out["source_revision"] = p.GetInt(schema.PageSourceRevision)
		}
	}
	return out
}
