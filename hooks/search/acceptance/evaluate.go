package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
)

// result is how each query of a term ranked the term's page (0: not in the first 10).
type result struct {
	term  term
	ranks []int
}

// evaluate runs a term's queries as a guest, in the term's locale, as a reader of that locale
// would search.
func evaluate(h http.Handler, t term) (result, error) {
	r := result{term: t}
	for _, q := range t.queries {
		ids, err := guestSearch(h, q, t.locale)
		if err != nil {
			return r, fmt.Errorf("%s: search %q: %w", t.file, q, err)
		}
		r.ranks = append(r.ranks, slices.Index(ids, t.pageID)+1)
	}
	return r, nil
}

// guestSearch asks the route for the first 10 hits and returns their ids, best first.
func guestSearch(h http.Handler, q, locale string) ([]string, error) {
	v := url.Values{"q": {q}, "locale": {locale}, "perPage": {"10"}}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/folio/search?"+v.Encode(), nil))
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("status %d: %s", rec.Code, rec.Body)
	}
	var res struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Items))
	for i, it := range res.Items {
		ids[i] = it.ID
	}
	return ids, nil
}
