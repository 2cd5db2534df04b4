package navigation_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"folio/hooks/schema"
)

// TestHeadlessPagesReachEditorsOnly: a page rendered never is listed, viewed and found by
// writers of its space only — through the records API, search and the tree alike.
func TestHeadlessPagesReachEditorsOnly(t *testing.T) {
	f := newFixture(t)
	headless := f.pages["public/en/docs/headless"]
	for _, caller := range callers {
		want := canRead(caller, "public", "headless")
		view := f.do(t, http.MethodGet, "/api/collections/pages/records/"+headless.Id, caller, nil)
		if (view.Status == http.StatusOK) != want {
			t.Errorf("%s views the headless page: %d, want readable=%v", caller, view.Status, want)
		}
		list := f.do(t, http.MethodGet, "/api/collections/pages/records?perPage=500&filter="+url.QueryEscape("space='"+f.spaces["public"].Id+"'"), caller, nil)
		if strings.Contains(string(list.Raw), headless.Id) != want {
			t.Errorf("%s lists the headless page: %v, want %v", caller, !want, want)
		}
		found := f.do(t, http.MethodGet, "/api/folio/search?q=headless&space="+f.spaces["public"].Id, caller, nil)
		if found.Status != http.StatusOK || strings.Contains(string(found.Raw), headless.Id) != want {
			t.Errorf("%s searches for the headless page: %d %.200s, want found=%v", caller, found.Status, found.Raw, want)
		}
	}
	// Editors set the navigation fields like any other.
	res := f.do(t, http.MethodPatch, "/api/collections/pages/records/"+headless.Id, "editor",
		map[string]any{schema.PageRender: schema.RenderAlways, schema.PageWeight: 3, schema.PageLinkTitle: "Short"})
	if res.Status != http.StatusOK || res.Body[schema.PageWeight] != float64(3) || res.Body[schema.PageLinkTitle] != "Short" {
		t.Fatalf("editor sets weight and link_title: %d %s", res.Status, res.Raw)
	}
	if view := f.do(t, http.MethodGet, "/api/collections/pages/records/"+headless.Id, "guest", nil); view.Status != http.StatusOK {
		t.Errorf("a rendered page is hidden from guests: %d", view.Status)
	}
}

// TestRedirectRules: redirects are written by moves and imports only; owners and admins of the
// space delete them, nobody else.
func TestRedirectRules(t *testing.T) {
	f := newFixture(t)
	p := f.pages["public/en/docs/live"]
	p.Set(schema.PagePath, "moved/live")
	if err := f.app.Save(p); err != nil {
		t.Fatal(err)
	}
	r, err := f.app.FindFirstRecordByData(schema.CollectionRedirects, schema.RedirectPage, p.Id)
	if err != nil {
		t.Fatal(err)
	}
	for _, caller := range callers {
		create := f.do(t, http.MethodPost, "/api/collections/redirects/records", caller, map[string]any{
			"space": f.spaces["public"].Id, "locale": "en", "path": "x/" + caller, "page": p.Id})
		if create.Status < 400 {
			t.Errorf("%s created a redirect: %d", caller, create.Status)
		}
		update := f.do(t, http.MethodPatch, "/api/collections/redirects/records/"+r.Id, caller, map[string]any{"path": "y"})
		if update.Status < 400 {
			t.Errorf("%s edited a redirect: %d", caller, update.Status)
		}
	}
	for _, caller := range []string{"editor", "viewer", "outsider", "stranger", "guest"} {
		if res := f.do(t, http.MethodDelete, "/api/collections/redirects/records/"+r.Id, caller, nil); res.Status < 400 {
			t.Errorf("%s deleted a redirect: %d", caller, res.Status)
		}
	}
	if res := f.do(t, http.MethodDelete, "/api/collections/redirects/records/"+r.Id, "admin", nil); res.Status != http.StatusNoContent {
		t.Errorf("admin deletes a redirect: %d %s", res.Status, res.Raw)
	}
}
