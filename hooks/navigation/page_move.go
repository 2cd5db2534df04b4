package navigation

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"folio/hooks/schema"
)

// moveRequest is the body of POST /api/folio/pages/{id}/move. locale, when given, is the locale
// the page moves to (a page filed under the wrong locale); subtree moves the pages below it
// along; translations moves the page's translations (and theirs below, with subtree) too.
type moveRequest struct {
	Path         string `json:"path"`
	Locale       string `json:"locale"`
	Subtree      bool   `json:"subtree"`
	Translations bool   `json:"translations"`
}

// movedPage is one line of a move's answer.
type movedPage struct {
	Id         string `json:"id"`
	FromLocale string `json:"from_locale"`
	FromPath   string `json:"from_path"`
	Locale     string `json:"locale"`
	Path       string `json:"path"`
}

// pageMove answers POST /api/folio/pages/{id}/move: the page — with subtree, every page below
// it; with translations, the same in every locale — gets its new address in one transaction,
// and every old address is left as a redirect. A target taken by a page that does not move, a
// move onto itself or into its own subtree is a 400 naming the conflict, and nothing moves.
func pageMove(e *core.RequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	page, err := findViewablePage(e, info)
	if err != nil {
		return err
	}
	if ok, _ := e.App.CanAccessRecord(page, info, page.Collection().UpdateRule); !ok {
		return e.ForbiddenError("Only owners, admins and editors of the space may move its pages.", nil)
	}
	var body moveRequest
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("The request body must be a JSON object with path, and optionally locale, subtree and translations.", nil)
	}
	space, err := e.App.FindRecordById(schema.CollectionSpaces, page.GetString(schema.PageSpace))
	if err != nil {
		return e.NotFoundError("", nil)
	}
	target, err := readPath(e, "path", body.Path, false)
	if err != nil {
		return err
	}
	locale := ""
	if body.Locale != "" {
		if locale, err = readLocale(e, space, body.Locale); err != nil {
			return err
		}
		if body.Translations && locale != page.GetString(schema.PageLocale) {
			return fieldError(e, "locale", "validation_locale_with_translations",
				"A move with translations keeps every page in its own locale; leave locale out or set translations to false.")
		}
	}
	var (
		moved   []movedPage
		changes []change
	)
	err = e.App.RunInTransaction(func(tx core.App) error {
		var err error
		moved, changes, err = runMove(tx, page.Id, target, locale, body)
		return err
	})
	var refused *moveRefusal
	switch {
	case errors.As(err, &refused):
		return fieldError(e, refused.field, refused.code, refused.message)
	case err != nil:
		return saveFailure(e, err)
	}
	announce(e.App, changes)
	return e.JSON(http.StatusOK, map[string]any{"moved": moved, "redirects": len(moved)})
}

// saveFailure turns a failed page save into a 400 when the page's own validation refused it
// (say, the new path would be too long) and a 500 otherwise; nothing was written either way.
func saveFailure(e *core.RequestEvent, err error) error {
	var verrs validation.Errors
	if errors.As(err, &verrs) {
		return e.BadRequestError("The move would give a page an address it cannot have.", verrs)
	}
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	e.App.Logger().Error("Failed to move pages", "error", err)
	return e.InternalServerError("", nil)
}

// moveRefusal is a move refused for its input; nothing was written.
type moveRefusal struct{ field, code, message string }

func (r *moveRefusal) Error() string { return r.message }

func refuse(field, code, message string) error {
	return &moveRefusal{field: field, code: code, message: message}
}

// runMove moves, inside tx, the page id as it is now (a concurrent move may have moved it since
// the request was read) and what comes with it. It returns the moved pages and the records to
// announce once tx commits.
func runMove(tx core.App, id, target, locale string, body moveRequest) ([]movedPage, []change, error) {
	page, err := tx.FindRecordById(schema.CollectionPages, id)
	if err != nil {
		return nil, nil, refuse("path", "validation_page_gone", "The page was deleted before it could be moved.")
	}
	space, err := tx.FindRecordById(schema.CollectionSpaces, page.GetString(schema.PageSpace))
	if err != nil {
		return nil, nil, err
	}
	from, fromLocale := page.GetString(schema.PagePath), page.GetString(schema.PageLocale)
	toLocale := fromLocale
	if locale != "" {
		toLocale = locale
	}
	if target == from && toLocale == fromLocale {
		return nil, nil, refuse("path", "validation_move_onto_itself", "The page is already at "+from+"; give a different path.")
	}
	if body.Subtree && strings.HasPrefix(target, from+"/") && toLocale == fromLocale {
		return nil, nil, refuse("path", "validation_move_into_subtree",
			"A page cannot move into its own subtree ("+target+" is below "+from+"); choose a path outside it or move without subtree.")
	}
	plan, err := planMove(tx, page, target, toLocale, body)
	if err != nil {
		return nil, nil, err
	}
	return applyPlan(tx, space, plan)
}

// movePlan is one page's old and new address.
type movePlan struct {
	page         *core.Record
	locale, path string
	fromL, fromP string
}

// applyEach saves the pages one record save each, parents first, so that a page leaving an
// address another member takes (a/x → a while a/x/x → a/x) has left it by then. Every concern's
// page-save hooks run for every page; PocketBase announces each save once tx commits. It is the
// reference applyBulk's end state is compared with.
func applyEach(tx core.App, _ *core.Record, plan []movePlan) ([]movedPage, []change, error) {
	slices.SortStableFunc(plan, func(a, b movePlan) int { return len(a.fromP) - len(b.fromP) })
	out := make([]movedPage, 0, len(plan))
	for _, m := range plan {
		m.page.Set(schema.PageLocale, m.locale)
		m.page.Set(schema.PagePath, m.path)
		if err := tx.Save(m.page); err != nil {
			return nil, nil, err
		}
		out = append(out, movedPage{Id: m.page.Id, FromLocale: m.fromL, FromPath: m.fromP, Locale: m.locale, Path: m.path})
	}
	return out, nil, nil
}
