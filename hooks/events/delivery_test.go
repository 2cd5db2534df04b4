package events_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/events"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// fastRetries makes the worker retry within milliseconds and reach 127.0.0.1 only (the
// receiver), as tests need; a test sets the retry window itself where it matters.
func fastRetries(t *testing.T) {
	t.Setenv("FOLIO_WEBHOOK_ALLOW_NETS", "127.0.0.1/32")
	t.Setenv("FOLIO_WEBHOOK_RETRY_BASE", "20ms")
	t.Setenv("FOLIO_WEBHOOK_RETRY_MAX", "80ms")
	t.Setenv("FOLIO_EVENTS_POLL", "20ms")
	t.Setenv("FOLIO_WEBHOOK_TIMEOUT", "2s")
}

func (f *fixture) webhook(t testing.TB, url string, types ...string) *core.Record {
	t.Helper()
	return testapp.CreateRecord(t, f.app, schema.CollectionWebhooks, map[string]any{
		schema.WebhookSpace: f.spaces["docs"].Id, schema.WebhookURL: url, schema.WebhookActive: true, schema.WebhookEvents: types,
	})
}

// TestDeliveryAtLeastOnceInOrderThroughFailuresAndDowntime: the receiver fails the first
// attempts, then is down for a while; every event still arrives, in order, signed.
func TestDeliveryAtLeastOnceInOrderThroughFailuresAndDowntime(t *testing.T) {
	fastRetries(t)
	f := newFixture(t)
	rcv := newReceiver(t)
	rcv.failNext = 3
	hook := f.webhook(t, rcv.url())
	secret := hook.GetString(schema.WebhookSecret)
	start := f.lastSeq(t)

	stop := events.StartWorker(f.app)
	defer stop()
	p := f.page(t, "en", "a", "# A\n")
	rcv.waitFor(5*time.Second, "three failed attempts", func(got []received) bool { return len(got) >= 3 })
	rcv.down()
	for i := range 5 {
		p.Set(schema.PageBody, "# A\n\nEdit "+string(rune('0'+i))+"\n")
		mustSave(t, f.app, p)
	}
	f.page(t, "en", "b", "# B\n")
	time.Sleep(400 * time.Millisecond) // down for a while: attempts meet a closed port
	rcv.up()

	want := f.events(t, start)
	ids := eventIds(t, f, start)
	got := rcv.waitFor(15*time.Second, "every event delivered", func(got []received) bool {
		ok := map[string]bool{}
		for _, r := range got {
			if r.status == 200 {
				ok[r.header.Get("webhook-id")] = true
			}
		}
		return len(ok) == len(ids)
	})
	// In order: the attempts never go back to an earlier event, and each succeeded once.
	last := -1
	for i, r := range got {
		at := slices.Index(ids, r.header.Get("webhook-id"))
		if at < 0 {
			t.Fatalf("request %d names an unknown event %q", i, r.header.Get("webhook-id"))
		}
		if at < last {
			t.Fatalf("request %d is for event %d after event %d: out of order", i, at, last)
		}
		last = at
		if err := verify(secret, r.header, r.body, time.Now()); err != nil {
			t.Fatalf("request %d: signature: %v", i, err)
		}
		if typ := messageType(t, r.body); typ != want[at].Type {
			t.Fatalf("request %d: type %q, want %q", i, typ, want[at].Type)
		}
	}
	// The log says so: every delivery succeeded; the first took four attempts. The worker
	// writes the outcome after the receiver has answered, so the log is read until it settles.
	var ds []*core.Record
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		ds = nil
		if err := f.app.RecordQuery(schema.CollectionDeliveries).AndWhere(dbx.HashExp{schema.DeliveryWebhook: hook.Id}).
			OrderBy(schema.DeliverySeq).All(&ds); err != nil {
			t.Fatal(err)
		}
		if allSucceeded(ds) || time.Now().After(deadline) {
			break
		}
	}
	if len(ds) != len(ids) {
		t.Fatalf("%d deliveries for %d events", len(ds), len(ids))
	}
	for _, d := range ds {
		if d.GetString(schema.DeliveryStatus) != schema.DeliverySucceeded || d.GetInt(schema.DeliveryResponseStatus) != 200 ||
			d.GetString(schema.DeliveryResponseExcerpt) != `{"ok":true}` {
			t.Errorf("delivery %s: %s %d %q", d.GetString(schema.DeliveryEventType), d.GetString(schema.DeliveryStatus),
				d.GetInt(schema.DeliveryResponseStatus), d.GetString(schema.DeliveryResponseExcerpt))
		}
	}
	if n := ds[0].GetInt(schema.DeliveryAttempt); n < 4 {
		t.Errorf("the first delivery took %d attempts, want at least 4 (3 failures)", n)
	}
}

// allSucceeded reports whether every delivery in ds has its final, successful outcome written.
func allSucceeded(ds []*core.Record) bool {
	for _, d := range ds {
		if d.GetString(schema.DeliveryStatus) != schema.DeliverySucceeded {
			return false
		}
	}
	return len(ds) > 0
}

func eventIds(t testing.TB, f *fixture, after int) []string {
	rows := f.eventsIn(t, f.app, after)
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Id
	}
	return out
}

// TestWebhookFiltersEventTypes: a webhook that names event types gets only those.
func TestWebhookFiltersEventTypes(t *testing.T) {
	fastRetries(t)
	f := newFixture(t)
	rcv := newReceiver(t)
	f.webhook(t, rcv.url(), schema.EventPageDeleted)
	stop := events.StartWorker(f.app)
	defer stop()
	p := f.page(t, "en", "a", "# A\n")
	if err := f.app.Delete(p); err != nil {
		t.Fatal(err)
	}
	got := rcv.waitFor(5*time.Second, "the delete", func(got []received) bool { return len(got) >= 1 })
	time.Sleep(100 * time.Millisecond)
	got = rcv.requests()
	if len(got) != 1 || messageType(t, got[0].body) != schema.EventPageDeleted {
		t.Fatalf("got %d requests, first %s", len(got), got[0].body)
	}
}

// TestWebhookDisabledAfterRetryWindowMailsOwners: a delivery that fails for the whole retry
// window fails, its webhook is disabled and the space's owners are mailed; pending deliveries
// wait, and go out in order when an owner turns the webhook back on. A failed delivery can be
// sent again by hand.
func TestWebhookDisabledAfterRetryWindowMailsOwners(t *testing.T) {
	fastRetries(t)
	t.Setenv("FOLIO_WEBHOOK_RETRY_WINDOW", "300ms")
	f := newFixture(t)
	rcv := newReceiver(t)
	rcv.failNext = 1 << 30
	hook := f.webhook(t, rcv.url())
	stop := events.StartWorker(f.app)
	f.page(t, "en", "a", "# A\n") // page.created + page.published
	deadline := time.Now().Add(5 * time.Second)
	for {
		h, _ := f.app.FindRecordById(schema.CollectionWebhooks, hook.Id)
		if !h.GetBool(schema.WebhookActive) {
			if h.GetString(schema.WebhookDisabledReason) == "" || h.GetInt(schema.WebhookFailures) < 2 {
				t.Fatalf("disabled webhook: reason %q failures %d", h.GetString(schema.WebhookDisabledReason), h.GetInt(schema.WebhookFailures))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the webhook was not disabled")
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	msgs := f.app.TestMailer.Messages()
	var toOwner bool
	for _, m := range msgs {
		for _, to := range m.To {
			if to.Address == "owner@example.com" && m.Subject == "A webhook was disabled on "+f.app.Settings().Meta.AppName {
				toOwner = true
			}
			if to.Address == "admin@example.com" && m.Subject == "A webhook was disabled on "+f.app.Settings().Meta.AppName {
				t.Error("the admin got the owners' mail")
			}
		}
	}
	if !toOwner {
		t.Fatalf("no mail to the owner among %d", len(msgs))
	}
	var ds []*core.Record
	_ = f.app.RecordQuery(schema.CollectionDeliveries).OrderBy(schema.DeliverySeq).All(&ds)
	if len(ds) != 2 || ds[0].GetString(schema.DeliveryStatus) != schema.DeliveryFailed || ds[1].GetString(schema.DeliveryStatus) != schema.DeliveryPending {
		t.Fatalf("deliveries: %v", statuses(ds))
	}

	// An admin redelivers the failed one and an owner turns the webhook back on: both go out, in
	// event order. (The handler's serve event starts the worker.)
	rcv.mu.Lock()
	rcv.failNext, rcv.got = 0, nil
	rcv.mu.Unlock()
	if res := f.do(t, http.MethodPost, "/api/folio/deliveries/"+ds[0].Id+"/redeliver", "editor", nil); res.Status != 404 {
		t.Fatalf("an editor redelivers: %d", res.Status)
	}
	if res := f.do(t, http.MethodPost, "/api/folio/deliveries/"+ds[0].Id+"/redeliver", "admin", nil); res.Status != 200 {
		t.Fatalf("redeliver: %d %s", res.Status, res.Raw)
	}
	res := f.do(t, http.MethodPatch, "/api/collections/webhooks/records/"+hook.Id, "owner", map[string]any{"active": true})
	if res.Status != 200 || res.Body["failures"] != 0.0 || res.Body["disabled_reason"] != "" {
		t.Fatalf("re-enable: %d %s", res.Status, res.Raw)
	}
	got := rcv.waitFor(5*time.Second, "both deliveries", func(got []received) bool { return len(got) >= 2 })
	if messageType(t, got[0].body) != schema.EventPageCreated || messageType(t, got[1].body) != schema.EventPagePublished {
		t.Fatalf("after re-enabling: %s then %s", got[0].body, got[1].body)
	}
}

func statuses(ds []*core.Record) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.GetString(schema.DeliveryEventType) + ":" + d.GetString(schema.DeliveryStatus)
	}
	return out
}
