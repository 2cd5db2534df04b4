package search_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"folio/hooks/internal/testapp"
)

// FuzzSearchRoute sends whatever a person might type, and params around it, to the real route:
// the answer is a 200 or a 400 naming the parameter to fix, never a 500 (an FTS5 syntax error
// leaking through would be one).
func FuzzSearchRoute(f *testing.F) {
	w := newWorld(f, testapp.New(f))
	for _, p := range multilingual {
		p.space = "public"
		w.save(f, p)
	}
	// Thousands of requests from one address would trip the /api/ rate limit: a 429 here
	// would say nothing about the route.
	w.app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(f, w.app)
	for _, seed := range []string{"地铁", "클러스터를", `"service mesh"`, "-x y", "a*", `"`, "*", "-", `NEAR(a b)`,
		"a OR b", "title:x", "^a", `"a" "b`, "\x00", "\xff\xfe", "ｱｲｽ", "🙂 emoji", "a-b-c", `""*`, "-\"\"", "e\u0301"} {
		f.Add(seed, "ko,en", "운영")
	}
	f.Fuzz(func(t *testing.T, q, locale, tags string) {
		v := url.Values{"q": {q}, "locale": {locale}, "tags": {tags}}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/folio/search?"+v.Encode(), nil))
		var body struct {
			Data map[string]any `json:"data"`
		}
		switch rec.Code {
		case http.StatusOK:
		case http.StatusBadRequest:
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Data["q"] == nil {
				t.Fatalf("q=%q: 400 without a q error: %s", q, rec.Body)
			}
		default:
			t.Fatalf("q=%q locale=%q tags=%q: %d %s", q, locale, tags, rec.Code, rec.Body)
		}
	})
}
