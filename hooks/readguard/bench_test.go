package readguard_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// BenchmarkRecordsList measures a records list with a filter, a sort and an expand through
// the router, with the read guard and without it (its middleware unbound), on one app: 100
// live pages in a public space, read by a member. on-ns/op and off-ns/op are the time of one
// request each way; ns/op is the pair.
//
//	go test ./hooks/readguard -run '^$' -bench RecordsList -benchtime 300x -count 6
func BenchmarkRecordsList(b *testing.B) {
	app := newApp(b)
	viewer := testapp.CreateUser(b, app, "viewer@example.com", "viewer")
	space := testapp.CreateRecord(b, app, schema.CollectionSpaces, map[string]any{schema.SpaceSlug: "bench",
		schema.SpaceName: "Bench", schema.SpaceVisibility: schema.VisibilityPublic, schema.SpaceSourceLocale: "en"})
	testapp.CreateRecord(b, app, schema.CollectionMemberships, map[string]any{schema.MembershipSpace: space.Id,
		schema.MembershipUser: viewer.Id, schema.MembershipRole: schema.RoleViewer})
	for i := range 100 {
		testapp.CreateRecord(b, app, schema.CollectionPages, map[string]any{schema.PageSpace: space.Id, schema.PageLocale: "en",
			schema.PagePath: fmt.Sprintf("docs/page-%03d", i), schema.PageTitle: fmt.Sprintf("Page %d", i),
			schema.PageBody: "# Page\n\nSome text.\n", schema.PageStatus: schema.PagePublished, schema.PageTags: []string{"docs"}})
	}
	token := testapp.Token(b, viewer)
	url := "/api/collections/pages/records?perPage=30&sort=-created,path&expand=space&filter=" +
		q(fmt.Sprintf("space = '%s' && status = 'published' && title ~ 'Page' && space.visibility = 'public'", space.Id))
	on, off := benchHandlers(b, app)
	get := func(h http.Handler) time.Duration {
		req := httptest.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", token)
		req.RemoteAddr = remoteAddr()
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		d := time.Since(start)
		if rec.Code != 200 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
		return d
	}
	// the two are interleaved request by request (in alternating order), so that the load of a
	// shared machine falls on both alike
	var tOn, tOff time.Duration
	n := 0
	for b.Loop() {
		if n%2 == 0 {
			tOn += get(on)
			tOff += get(off)
		} else {
			tOff += get(off)
			tOn += get(on)
		}
		n++
	}
	b.ReportMetric(float64(tOn.Nanoseconds())/float64(n), "on-ns/op")
	b.ReportMetric(float64(tOff.Nanoseconds())/float64(n), "off-ns/op")
	b.ReportMetric(float64(tOn)/float64(tOff), "on/off")
}

// benchHandlers builds app's router once and two muxes from it: with the read guard's
// middleware, and with it unbound.
func benchHandlers(b *testing.B, app core.App) (on, off http.Handler) {
	b.Helper()
	router, err := apis.NewRouter(app)
	if err != nil {
		b.Fatal(err)
	}
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		if on, err = e.Router.BuildMux(); err != nil {
			return err
		}
		e.Router.Unbind("folioReadGuard")
		off, err = e.Router.BuildMux()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return on, off
}
