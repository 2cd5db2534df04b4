package search_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"folio/hooks/internal/testapp"
	"folio/hooks/search"
)

// TestSearchRoutePagingNeverFails: every integer page and perPage is a 200 or a 400 naming it.
func TestSearchRoutePagingNeverFails(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	w.save(t, page{space: "public", title: "Lighthouse", body: "The lighthouse keeper's log."})
	h := testapp.Handler(t, w.app)
	values := []string{"4611686018427387904", "9223372036854775807", "-9223372036854775808", "99999999999999999999",
		"-1", "0", "1", "2", "1000", "1001", "1002", "4294967296", "2147483648", "100", "101"}
	for _, name := range []string{"page", "perPage"} {
		for _, v := range values {
			for _, skip := range []string{"", "&skipTotal=1"} {
				u := "/api/folio/search?q=lighthouse&" + name + "=" + url.QueryEscape(v) + skip
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
				switch rec.Code {
				case http.StatusOK:
				case http.StatusBadRequest:
					if !strings.Contains(rec.Body.String(), `"`+name+`":{`) {
						t.Errorf("%s: 400 does not name %s: %s", u, name, rec.Body)
					}
				default:
					t.Errorf("%s: %d %s", u, rec.Code, rec.Body)
				}
			}
		}
	}
	// Both at their largest together.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/folio/search?q=lighthouse&page=1000&perPage=9223372036854775807", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("page=1000&perPage=max: %d %s", rec.Code, rec.Body)
	}
}

// TestSearchRouteSendsNoScore: a score computed from statistics over every page would tell a
// caller about pages it may not read, so results carry none.
func TestSearchRouteSendsNoScore(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	w.save(t, page{space: "public", title: "Lighthouse", body: "The lighthouse keeper's log."})
	rec := httptest.NewRecorder()
	testapp.Handler(t, w.app).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/folio/search?q=lighthouse", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"snippet"`) || strings.Contains(rec.Body.String(), `"score"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

// hostileSearch is the shape that cost 85 s: a published page repeating one word as often as
// the body limit allows, and a guest query of that word typed as often as a query allows.
func hostileSearch(t testing.TB) (h http.Handler, ordinary, hostile string) {
	w := newWorld(t, testapp.New(t))
	w.save(t, page{space: "public", title: "Repeat", body: strings.Repeat("lighthouse ", 200_000/11)})
	w.save(t, page{space: "public", title: "Keeper", body: "The lighthouse keeper's log, kept every night."})
	q := strings.TrimSpace(strings.Repeat("lighthouse ", 20)) // 219 characters, 20 terms
	return testapp.Handler(t, w.app), "/api/folio/search?q=keeper", "/api/folio/search?q=" + url.QueryEscape(q)
}

// TestHostileSearchIsBounded: the hostile query answers within a small multiple of an ordinary
// one (the figures are BenchmarkHostileSearch; this only catches a return of the blow-up).
func TestHostileSearchIsBounded(t *testing.T) {
	h, ordinary, hostile := hostileSearch(t)
	timeOf := func(u string) time.Duration {
		best := time.Hour
		for range 3 {
			rec := httptest.NewRecorder()
			start := time.Now()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
			best = min(best, time.Since(start))
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: %d %s", u, rec.Code, rec.Body)
			}
		}
		return best
	}
	o, x := timeOf(ordinary), timeOf(hostile)
	t.Logf("ordinary %v, hostile %v", o, x)
	if x > 5*time.Second {
		t.Fatalf("the hostile query took %v", x)
	}
}

// BenchmarkHostileSearch times the 85-second shape beside an ordinary query, same world:
//
//	go test ./hooks/search -run '^$' -bench HostileSearch -benchtime 5x
func BenchmarkHostileSearch(b *testing.B) {
	h, ordinary, hostile := hostileSearch(b)
	for name, u := range map[string]string{"ordinary": ordinary, "hostile": hostile} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

var _ = search.MaxHits
