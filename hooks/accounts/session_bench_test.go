package accounts_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// BenchmarkAuthenticatedRequests measures what the session check costs an authenticated list
// and view of a small collection whose rules require auth: the same Folio app, the same
// session-bound token, with the check on and with its middleware unbound. Compare with
//
//	go test -run '^$' -bench AuthenticatedRequests -count 10 ./hooks/accounts/ > bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /check bench.txt
func BenchmarkAuthenticatedRequests(b *testing.B) {
	for _, op := range []string{"list", "view"} {
		for _, check := range []string{"on", "off"} {
			b.Run("op="+op+"/check="+check, func(b *testing.B) {
				h, token, path := benchServer(b, check == "on")
				if op == "view" {
					path = path + "/" + firstId(b, h, token, path)
				}
				serve := func() int {
					req := httptest.NewRequest(http.MethodGet, path, nil)
					req.Header.Set("Authorization", token)
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					return rec.Code
				}
				if code := serve(); code != 200 {
					b.Fatalf("%s: %d", path, code)
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if serve() != 200 {
						b.Fatal("request failed")
					}
				}
			})
		}
	}
}

// BenchmarkSessionCheckPaired alternates the same authenticated request between two Folio
// apps, one with the session check and one without, inside one loop (order flipped every
// iteration), so that noise from other processes lands on both alike. It reports the time
// per request of each and their ratio (on/off); the ratio is the check's overhead.
func BenchmarkSessionCheckPaired(b *testing.B) {
	for _, op := range []string{"list", "view"} {
		b.Run("op="+op, func(b *testing.B) {
			var hs [2]http.Handler
			var reqs [2]func() *http.Request
			for k, check := range []bool{true, false} {
				h, token, path := benchServer(b, check)
				if op == "view" {
					path = path + "/" + firstId(b, h, token, path)
				}
				hs[k] = h
				reqs[k] = func() *http.Request {
					r := httptest.NewRequest(http.MethodGet, path, nil)
					r.Header.Set("Authorization", token)
					return r
				}
			}
			var spent [2]time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for j := 0; j < 2; j++ {
					k := (i + j) % 2
					req, rec := reqs[k](), httptest.NewRecorder()
					t0 := time.Now()
					hs[k].ServeHTTP(rec, req)
					spent[k] += time.Since(t0)
					if rec.Code != 200 {
						b.Fatalf("%d: %s", rec.Code, rec.Body.String())
					}
				}
			}
			on, off := spent[0].Seconds()/float64(b.N), spent[1].Seconds()/float64(b.N)
			b.ReportMetric(on*1e6, "µs-on/op")
			b.ReportMetric(off*1e6, "µs-off/op")
			b.ReportMetric(on/off, "on/off")
		})
	}
}

// benchServer is a Folio app with 50 notes readable by any signed-in user, a user signed in
// through the API (so its token carries a session), and the router with or without the check.
func benchServer(b *testing.B, check bool) (http.Handler, string, string) {
	app := testapp.New(b)
	notes := core.NewBaseCollection("bench_notes")
	notes.Fields.Add(&core.TextField{Name: "title"}, &core.TextField{Name: "body"})
	notes.ListRule = types.Pointer(`@request.auth.id != ""`)
	notes.ViewRule = notes.ListRule
	if err := app.Save(notes); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		testapp.CreateRecord(b, app, "bench_notes", map[string]any{"title": "note", "body": strings.Repeat("text ", 60)})
	}
	testapp.CreateUser(b, app, "bench@example.com", "Bench")
	app.Settings().RateLimits.Enabled = false
	if !check {
		// runs after accounts bound the check (priority 0) and before the mux is built
		app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{Priority: 1, Func: func(se *core.ServeEvent) error {
			se.Router.Unbind("folioSessionCheck")
			return se.Next()
		}})
	}
	h := testapp.Handler(b, app)
	req := httptest.NewRequest(http.MethodPost, "/api/collections/users/auth-with-password",
		strings.NewReader(`{"identity":"bench@example.com","password":"`+testapp.TestPassword+`"}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var auth struct{ Token string }
	if err := json.Unmarshal(rec.Body.Bytes(), &auth); err != nil || auth.Token == "" {
		b.Fatalf("sign in: %d %s", rec.Code, rec.Body.String())
	}
	if !check {
		// proof that the check is really gone: a revoked session still gets through
		sess, err := app.FindRecordById(schema.CollectionSessions, sid(b, auth.Token))
		if err != nil {
			b.Fatal(err)
		}
		sess.Set(schema.SessionRevokedAt, types.NowDateTime())
		if err := app.Save(sess); err != nil {
			b.Fatal(err)
		}
	}
	return h, auth.Token, "/api/collections/bench_notes/records"
}

func firstId(b *testing.B, h http.Handler, token, path string) string {
	req := httptest.NewRequest(http.MethodGet, path+"?perPage=1", nil)
	req.Header.Set("Authorization", token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var list struct{ Items []struct{ Id string } }
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list.Items) == 0 {
		b.Fatalf("list: %s", rec.Body.String())
	}
	return list.Items[0].Id
}
