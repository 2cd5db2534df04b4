package navigation

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/pagepath"
	"folio/hooks/schema"
)

// crumb is one step of a page's breadcrumbs: an ancestor page, or a section without a page of
// its own (empty id).
type crumb struct {
	Path     string `json:"path"`
	Id       string `json:"id"`
	Locale   string `json:"locale"`
	Title    string `json:"title"`
	Fallback bool   `json:"fallback"`
}

// pageNav answers GET /api/folio/pages/{id}/nav: the page's breadcrumbs (its ancestors, top
// first) and its previous and next siblings in tree order, all as a reader of the page's locale
// sees them (fallbacks included) and only from pages the caller may read.
func pageNav(e *core.RequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	page, err := findViewablePage(e, info)
	if err != nil {
		return err
	}
	space, err := e.App.FindRecordById(schema.CollectionSpaces, page.GetString(schema.PageSpace))
	if err != nil {
		return e.NotFoundError("", nil)
	}
	locale, source := page.GetString(schema.PageLocale), schema.AsSpace(space).SourceLocale()
	path := page.GetString(schema.PagePath)
	crumbs, err := breadcrumbs(e.App, info, space, locale, source, path)
	if err != nil {
		e.App.Logger().Error("Failed to read breadcrumbs", "page", page.Id, "error", err)
		return e.InternalServerError("", nil)
	}
	dir := pagepath.Dir(path)
	picked, err := readablePicksUnder(e.App, info, space, locale, source, dir)
	if err != nil {
		e.App.Logger().Error("Failed to read siblings", "page", page.Id, "error", err)
		return e.InternalServerError("", nil)
	}
	_, siblings := buildTree(picked, dir, 1)
	var prev, next *treeNode
	for i, n := range siblings {
		if n.Path != path {
			continue
		}
		if i > 0 {
			prev = siblings[i-1]
		}
		if i+1 < len(siblings) {
			next = siblings[i+1]
		}
	}
	return e.JSON(http.StatusOK, map[string]any{"id": page.Id, "locale": locale, "path": path,
		"breadcrumbs": crumbs, "prev": prev, "next": next})
}

// breadcrumbs lists the ancestors of path, top first.
func breadcrumbs(app core.App, info *core.RequestInfo, space *core.Record, locale, source, path string) ([]crumb, error) {
	segs := strings.Split(path, "/")
	crumbs := make([]crumb, 0, len(segs)-1)
	paths := make([]string, 0, len(segs)-1)
	for i := 1; i < len(segs); i++ {
		p := strings.Join(segs[:i], "/")
		paths = append(paths, p)
		crumbs = append(crumbs, crumb{Path: p, Title: segs[i-1]})
	}
	if len(paths) == 0 {
		return crumbs, nil
	}
	picked, err := readablePicksAt(app, info, space, locale, source, paths)
	if err != nil {
		return nil, err
	}
	for _, r := range picked {
		for i := range crumbs {
			if crumbs[i].Path == r.Path {
				crumbs[i] = crumb{Path: r.Path, Id: r.Id, Locale: r.Locale, Title: r.navTitle(), Fallback: r.fallback}
			}
		}
	}
	return crumbs, nil
}
