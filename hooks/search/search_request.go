package search

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/text/unicode/norm"

	"folio/hooks/internal/textseg"
)

// onSearchRequest serves GET /api/folio/search: the caller's own view of the pages matching q,
// ranked, one page of results at a time. Guests search too; they see what guests may read.
func onSearchRequest(e *core.RequestEvent) error {
	p, err := paramsOf(e.Request.URL.Query())
	if err != nil {
		return e.BadRequestError("Invalid search parameters.", err)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	res, err := Search(e.App, info, p)
	if err != nil {
		return searchError(e, err)
	}
	return e.JSON(http.StatusOK, res)
}

// paramsOf reads the query string: q, space, locale and tags (comma-separated lists), page,
// perPage and skipTotal.
func paramsOf(v url.Values) (Params, error) {
	p := Params{
		Query:   v.Get("q"),
		Space:   strings.TrimSpace(v.Get("space")),
		Locales: cleanList(v.Get("locale"), strings.ToLower),
		Tags:    cleanList(v.Get("tags"), norm.NFC.String),
	}
	errs := validation.Errors{}
	for name, dst := range map[string]*int{"page": &p.Page, "perPage": &p.PerPage} {
		s := v.Get(name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			errs[name] = validation.NewError("validation_invalid_number", name+" must be a whole number of at least 1.")
			continue
		}
		if name == "page" && n > MaxHits {
			errs[name] = validation.NewError("validation_page_too_large", fmt.Sprintf("page must be at most %d: search pages through the best %d results.", MaxHits, MaxHits))
			continue
		}
		*dst = n
	}
	if s := v.Get("skipTotal"); s != "" {
		skip, err := strconv.ParseBool(s)
		if err != nil {
			errs["skipTotal"] = validation.NewError("validation_invalid_bool", "skipTotal must be true or false (or 1 or 0).")
		}
		p.SkipTotal = skip
	}
	if len(errs) > 0 {
		return p, errs
	}
	return p, nil
}

// searchError turns what Search returned into PocketBase's error shape: a query the person must
// fix is a 400 naming the q parameter.
func searchError(e *core.RequestEvent, err error) error {
	var qe *textseg.QueryError
	switch {
	case errors.As(err, &qe):
		return e.BadRequestError(qe.Message, validation.Errors{
			"q": validation.NewError("validation_search_"+qe.Code, qe.Message),
		})
	case errors.Is(err, ErrSuperusersOnly):
		return e.ForbiddenError("Only superusers can search pages.", nil)
	case isFTSQueryError(err):
		// MatchExprIn quotes every term, so this is a bug in Folio, not in the query; it is
		// still the query that cannot run, so the caller gets a 400 and the log the cause.
		e.App.Logger().Error("search: FTS5 rejected a generated MATCH expression", "q", e.Request.URL.Query().Get("q"), "error", err)
		return e.BadRequestError("This search query cannot be run; try plain words.", validation.Errors{
			"q": validation.NewError("validation_search_unsupported", "This search query cannot be run; try plain words."),
		})
	default:
		e.App.Logger().Error("search failed", "error", err)
		return e.InternalServerError("Search is unavailable right now; try again later.", nil)
	}
}

// isFTSQueryError recognises SQLite's complaints about a MATCH expression.
func isFTSQueryError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "fts5:") || strings.Contains(msg, "malformed MATCH")
}
