package events_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"folio/hooks/events"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// BenchmarkPageSave is one PATCH of a page through the router, with the event worker running:
// "none" with nobody listening, "3webhooks-20watchers" with three webhooks to a local receiver
// and twenty members watching the page. Delivery and fan-out are asynchronous, so the save
// itself pays only for its one outbox row. "paced" lets the worker finish each save's fan-out
// and deliveries (untimed) before the next save, as a person editing does; "saturated" saves
// back to back, so the worker's writes (3 deliveries and 20 notifications a save) compete for
// SQLite's single writer and the CPUs with the saves.
func BenchmarkPageSave(b *testing.B) {
	for _, c := range []struct {
		name              string
		webhooks, watches int
		paced             bool
	}{
		{"paced/none", 0, 0, true}, {"paced/3webhooks-20watchers", 3, 20, true},
		{"saturated/none", 0, 0, false}, {"saturated/3webhooks-20watchers", 3, 20, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.Setenv("FOLIO_WEBHOOK_ALLOW_NETS", "127.0.0.1/32")
			f := newFixture(b)
			var hits atomic.Int64
			rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
			defer rcv.Close()
			p := f.page(b, "en", "bench", "# Bench\n")
			for i := range c.webhooks {
				f.webhook(b, fmt.Sprintf("%s/%d", rcv.URL, i))
			}
			for i := range c.watches {
				name := fmt.Sprintf("watcher%d", i)
				u := testapp.CreateUser(b, f.app, name+"@example.com", name)
				f.users[name] = u
				f.member(b, "docs", name, schema.RoleViewer)
				testapp.CreateRecord(b, f.app, schema.CollectionWatches, map[string]any{
					schema.WatchUser: u.Id, schema.WatchKind: schema.WatchKindPage, schema.WatchPage: p.Id})
			}
			f.handler(b) // starts the worker
			b.ResetTimer()
			for i := range b.N {
				res := f.do(b, http.MethodPatch, "/api/collections/pages/records/"+p.Id, "editor",
					map[string]any{"body": fmt.Sprintf("# Bench\n\nEdit %d.\n", i), "base_revision": i + 1})
				if res.Status != 200 {
					b.Fatalf("%d %s", res.Status, res.Raw)
				}
				if c.paced {
					b.StopTimer()
					waitCount(b, func() int64 { return -unsettled(f) }, 0)
					time.Sleep(20 * time.Millisecond) // the instant mails go out after the fan-out
					b.StartTimer()
				}
			}
			b.StopTimer()
			if c.webhooks > 0 { // the work the saves queued does get done
				waitCount(b, func() int64 { return hits.Load() }, int64(c.webhooks*b.N))
			}
		})
	}
}

// BenchmarkDeliveries measures how many deliveries per second the worker sends to a local
// receiver: b.N events queued for one webhook (sent one after another, in order), then for
// three (sent side by side).
func BenchmarkDeliveries(b *testing.B) {
	for _, hooks := range []int{1, 3} {
		b.Run(fmt.Sprintf("%dwebhooks", hooks), func(b *testing.B) {
			b.Setenv("FOLIO_WEBHOOK_ALLOW_NETS", "127.0.0.1/32")
			f := newFixture(b)
			var hits atomic.Int64
			rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
			defer rcv.Close()
			for i := range hooks {
				f.webhook(b, fmt.Sprintf("%s/%d", rcv.URL, i))
			}
			p := f.page(b, "en", "bench", "# Bench\n")
			for i := range b.N {
				p.Set(schema.PageBody, fmt.Sprintf("# Bench\n\n%d\n", i))
				mustSave(b, f.app, p)
			}
			if _, err := events.Dispatch(f.app); err != nil {
				b.Fatal(err)
			}
			want, err := f.app.CountRecords(schema.CollectionDeliveries, dbx.HashExp{schema.DeliveryStatus: schema.DeliveryPending})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			start := time.Now()
			stop := events.StartWorker(f.app)
			waitCount(b, func() int64 {
				n, _ := f.app.CountRecords(schema.CollectionDeliveries, dbx.HashExp{schema.DeliveryStatus: schema.DeliverySucceeded})
				return n
			}, want)
			b.ReportMetric(float64(want)/time.Since(start).Seconds(), "deliveries/s")
			stop()
		})
	}
}

func waitCount(b *testing.B, count func() int64, want int64) {
	deadline := time.Now().Add(2 * time.Minute)
	for count() < want {
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d done", count(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// unsettled counts the events not yet dispatched and the deliveries not yet settled.
func unsettled(f *fixture) int64 {
	e, _ := f.app.CountRecords(schema.CollectionEvents, dbx.HashExp{schema.EventDispatched: false})
	d, _ := f.app.CountRecords(schema.CollectionDeliveries, dbx.HashExp{schema.DeliveryStatus: schema.DeliveryPending})
	return e + d
}
