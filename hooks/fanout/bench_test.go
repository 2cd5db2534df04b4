package fanout_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// BenchmarkFanout saves a live page of a public space with 10,000 subscribers of pages/* in the
// process (100 users, half of them viewers, 10% with a filter on the page's own fields) and
// reports the save's latency and the time until the last subscriber has its event — the
// fan-out's own cost, without HTTP:
//
//	go test ./hooks/fanout -run '^$' -bench Fanout -benchtime 5x
func BenchmarkFanout(b *testing.B) {
	const n, users = 10000, 100
	app := testapp.New(b)
	space := testapp.CreateRecord(b, app, schema.CollectionSpaces, map[string]any{
		schema.SpaceSlug: "bench", schema.SpaceName: "Bench", schema.SpaceVisibility: schema.VisibilityPublic,
		schema.SpaceSourceLocale: "en", schema.SpaceLocales: []string{"en"},
	})
	auth := make([]*core.Record, users)
	col := mustCollection(b, app, schema.CollectionUsers)
	for i := range auth {
		u := core.NewRecord(col)
		u.SetEmail(fmt.Sprintf("u%d@example.com", i))
		u.SetRandomPassword()
		u.Set(schema.UserName, "User")
		if err := app.SaveNoValidate(u); err != nil {
			b.Fatal(err)
		}
		auth[i] = u
		if i%2 == 1 {
			testapp.CreateRecord(b, app, schema.CollectionMemberships, map[string]any{
				schema.MembershipSpace: space.Id, schema.MembershipUser: u.Id, schema.MembershipRole: schema.RoleViewer})
		}
	}
	page := testapp.CreateRecord(b, app, schema.CollectionPages, map[string]any{
		schema.PageSpace: space.Id, schema.PageLocale: "en", schema.PagePath: "bench", schema.PageTitle: "bench",
		schema.PageBody: "# Bench\n\nA paragraph.\n", schema.PageStatus: schema.PagePublished,
	})
	testapp.Handler(b, app) // PocketBase binds its realtime broadcast with the router
	var got atomic.Int64
	for i := range n {
		c := subscriptions.NewDefaultClient()
		c.Set(apis.RealtimeClientAuthKey, auth[i%users])
		sub := "pages/*"
		if i%10 == 0 {
			sub += option(map[string]string{"filter": "title != ''"})
		}
		c.Subscribe(sub)
		app.SubscriptionsBroker().Register(c)
		go func() {
			for range c.Channel() {
				got.Add(1)
			}
		}()
		b.Cleanup(c.Discard)
	}
	var save, last time.Duration
	b.ResetTimer()
	for i := range b.N {
		got.Store(0)
		r, err := app.FindRecordById(schema.CollectionPages, page.Id)
		if err != nil {
			b.Fatal(err)
		}
		r.Set(schema.PageTitle, fmt.Sprintf("bench %d", i))
		t0 := time.Now()
		if err := app.SaveNoValidate(r); err != nil {
			b.Fatal(err)
		}
		save += time.Since(t0)
		for deadline := t0.Add(30 * time.Second); got.Load() < n && time.Now().Before(deadline); {
			time.Sleep(100 * time.Microsecond)
		}
		if got.Load() < n {
			b.Fatalf("%d of %d subscribers got the event", got.Load(), n)
		}
		last += time.Since(t0)
	}
	b.ReportMetric(float64(save.Microseconds())/1000/float64(b.N), "save-ms")
	b.ReportMetric(float64(last.Microseconds())/1000/float64(b.N), "last-ms")
}
