package search_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// kinds of page in each space of the permission matrix; only live and window are inside their
// publish window.
var kinds = []string{"live", "draft", "future", "expired", "window"}

// permissionWorld saves one page of every kind in each space, all mentioning "lighthouse", and
// returns their ids by "<space>/<kind>".
func permissionWorld(t testing.TB) (*world, map[string]string) {
	w := newWorld(t, testapp.NewUnmanaged(t))
	now := time.Now()
	ids := map[string]string{}
	for _, space := range []string{"public", "private", "other"} {
		for _, kind := range kinds {
			p := page{space: space, path: kind, title: space + " " + kind, body: "The lighthouse keeper's log."}
			switch kind {
			case "draft":
				p.status = schema.PageDraft
			case "future":
				p.publishAt = now.Add(time.Hour)
			case "expired":
				p.unpublishAt = now.Add(-time.Hour)
			case "window":
				p.publishAt, p.unpublishAt = now.Add(-time.Hour), now.Add(time.Hour)
			}
			ids[space+"/"+kind] = w.save(t, p).Id
		}
	}
	return w, ids
}

// mayRead is the pages read rule in words, per caller of newWorld.
func mayRead(caller, space, kind string) bool {
	writer := caller == "superuser" || (caller == "editor" && space != "other") || (caller == "outsider" && space == "other")
	if writer {
		return true
	}
	if kind != "live" && kind != "window" {
		return false
	}
	return space == "public" || (caller == "viewer" && space == "private")
}

func TestSearchRouteShowsOnlyWhatTheCallerMayRead(t *testing.T) {
	for _, caller := range []string{"guest", "stranger", "viewer", "editor", "outsider", "superuser"} {
		w, ids := permissionWorld(t)
		var want, hidden []string
		for _, space := range []string{"public", "private", "other"} {
			for _, kind := range kinds {
				content := `"id":"` + ids[space+"/"+kind] + `"`
				if mayRead(caller, space, kind) {
					want = append(want, content)
				} else {
					hidden = append(hidden, content)
				}
			}
		}
		headers := map[string]string{}
		if tok := w.tokens[caller]; tok != "" {
			headers["Authorization"] = tok
		}
		(&tests.ApiScenario{
			Name:               caller,
			Method:             http.MethodGet,
			URL:                "/api/folio/search?perPage=100&q=lighthouse",
			Headers:            headers,
			ExpectedStatus:     http.StatusOK,
			ExpectedContent:    append(want, fmt.Sprintf(`"totalItems":%d`, len(want))),
			NotExpectedContent: hidden,
			ExpectedEvents:     map[string]int{"*": 0},
			TestAppFactory:     func(testing.TB) *tests.TestApp { return w.app },
		}).Test(t)
	}
}

func TestSearchRouteErrors(t *testing.T) {
	scenarios := []struct {
		name, query string
		content     []string
	}{
		{"missing q", "", []string{`"status":400`, `"message":"The query is empty."`,
			`"data":{"q":{"code":"validation_search_empty","message":"The query is empty."}}`}},
		{"unclosed quote", "q=" + url.QueryEscape(`"open`), []string{`"code":"validation_search_unclosed_quote"`, `add the closing`}},
		{"only exclusions", "q=-draft", []string{`"code":"validation_search_only_exclusions"`}},
		{"no words", "q=" + url.QueryEscape("?!"), []string{`"code":"validation_search_no_terms"`}},
		{"a Japanese run past the index-term bound", "q=" + url.QueryEscape(strings.Repeat("サーバーネットワーク", 7)),
			[]string{`"code":"validation_search_too_many_terms"`, `counting each character of Chinese, Japanese or Korean text as one`}},
		{"a prefix of two letters", "q=" + url.QueryEscape("cluster le*"),
			[]string{`"code":"validation_search_prefix_too_short"`, `at least 3 letters before the *`}},
		{"a phrase repeating a word", "q=" + url.QueryEscape(`"the of the of the"`),
			[]string{`"code":"validation_search_phrase_repeats"`, `repeats \"the\"`}},
		{"three prefixes", "q=" + url.QueryEscape("kub* clu* -ope*"),
			[]string{`"code":"validation_search_too_many_prefixes"`, `remove the * from the others`}},
		{"bad page", "q=a&page=two", []string{`"page":{"code":"validation_invalid_number"`}},
		{"bad perPage", "q=a&perPage=0", []string{`"perPage":{"code":"validation_invalid_number"`}},
		{"bad skipTotal", "q=a&skipTotal=perhaps", []string{`"skipTotal":{"code":"validation_invalid_bool"`}},
	}
	for _, s := range scenarios {
		(&tests.ApiScenario{
			Name:            s.name,
			Method:          http.MethodGet,
			URL:             "/api/folio/search?" + s.query,
			ExpectedStatus:  http.StatusBadRequest,
			ExpectedContent: s.content,
			ExpectedEvents:  map[string]int{"*": 0},
			TestAppFactory:  testapp.NewUnmanaged,
		}).Test(t)
	}
}

// FTS5 syntax typed into the box is searched for as words, never run as syntax.
func TestSearchRouteTreatsFTSSyntaxAsText(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	lighthouse := w.save(t, page{space: "public", title: "Lighthouse", body: "The keeper's log, title and tags."})
	h := testapp.Handler(t, w.app)
	for _, c := range []struct {
		q    string
		find bool
	}{
		{`keeper AND log`, true}, {`keeper AND`, true}, {`^keeper`, true}, {`keeper*`, true},
		{`{title tags}: keeper`, true}, {`"keeper" + "log"`, true}, {`keeper -`, true},
		// Words joined by punctuation are a phrase, as in the text: "near keeper", "title keeper".
		{`NEAR(keeper log)`, false}, {`title:keeper`, false},
		// OR and NOT are words to look for, not operators.
		{`keeper OR log`, false}, {`keeper NOT log`, false},
		{`keeper'); DROP TABLE pages; --`, false},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/folio/search?q="+url.QueryEscape(c.q), nil))
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), lighthouse.Id) != c.find {
			t.Errorf("%q: %d %s, want 200 and found=%v", c.q, rec.Code, rec.Body, c.find)
		}
	}
	if !w.app.HasTable(schema.CollectionPages) {
		t.Error("the pages table is gone")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/folio/search?q=keeper&skipTotal=true", nil))
	if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, `"totalItems":-1,"totalPages":-1`) || !strings.Contains(body, lighthouse.Id) {
		t.Errorf("skipTotal: %d %s", rec.Code, body)
	}
}

// A pages collection without a list rule (nil: superusers only) is searchable by superusers only.
func TestSearchRouteWithoutAListRule(t *testing.T) {
	for caller, status := range map[string]int{"editor": http.StatusForbidden, "superuser": http.StatusOK} {
		w := newWorld(t, testapp.NewUnmanaged(t))
		p := w.save(t, page{space: "public", title: "Beacon", body: "A light on the rocks."})
		c, err := w.app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			t.Fatal(err)
		}
		c.ListRule = nil
		if err := w.app.Save(c); err != nil {
			t.Fatal(err)
		}
		content := []string{`"id":"` + p.Id + `"`}
		if status == http.StatusForbidden {
			content = []string{`"status":403`, `"message":"Only superusers can search pages."`}
		}
		(&tests.ApiScenario{
			Name:            caller,
			Method:          http.MethodGet,
			URL:             "/api/folio/search?q=beacon",
			Headers:         map[string]string{"Authorization": w.tokens[caller]},
			ExpectedStatus:  status,
			ExpectedContent: content,
			TestAppFactory:  func(testing.TB) *tests.TestApp { return w.app },
		}).Test(t)
	}
}
