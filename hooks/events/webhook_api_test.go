package events_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/events"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// TestWebhookSecretShownOnceAndURLRefused: the create answer alone carries the secret, which
// the server made; a private target is refused by default with the url field named.
func TestWebhookSecretShownOnceAndURLRefused(t *testing.T) {
	f := newFixture(t)
	res := f.do(t, http.MethodPost, "/api/collections/webhooks/records", "admin", map[string]any{
		"space": f.spaces["docs"].Id, "url": "https://hooks.example.com/folio", "secret": "whsec_Y2hvc2VuIGJ5IHRoZSBjbGllbnQ=",
		"description": "chat", "events": []string{schema.EventPageUpdated}})
	if res.Status != 200 {
		t.Fatalf("create: %d %s", res.Status, res.Raw)
	}
	secret, _ := res.Body["secret"].(string)
	if !strings.HasPrefix(secret, "whsec_") || secret == "whsec_Y2hvc2VuIGJ5IHRoZSBjbGllbnQ=" || res.Body["active"] != true {
		t.Fatalf("create answer: %s", res.Raw)
	}
	id, _ := res.Body["id"].(string)
	for _, caller := range []string{"admin", "owner"} {
		res = f.do(t, http.MethodGet, "/api/collections/webhooks/records/"+id, caller, nil)
		if res.Status != 200 || res.Body["secret"] != nil {
			t.Fatalf("view as %s shows the secret: %s", caller, res.Raw)
		}
	}
	res = f.do(t, http.MethodPatch, "/api/collections/webhooks/records/"+id, "owner", map[string]any{"secret": "whsec_AAAA", "failures": 99})
	stored, _ := f.app.FindRecordById(schema.CollectionWebhooks, id)
	if res.Status != 200 || stored.GetString(schema.WebhookSecret) != secret || stored.GetInt(schema.WebhookFailures) != 0 {
		t.Fatalf("an update changed the secret or failures: %d %s", res.Status, res.Raw)
	}
	res = f.do(t, http.MethodPost, "/api/folio/webhooks/"+id+"/rotate-secret", "owner", nil)
	rotated, _ := res.Body["secret"].(string)
	if res.Status != 200 || rotated == secret || !strings.HasPrefix(rotated, "whsec_") {
		t.Fatalf("rotate: %d %s", res.Status, res.Raw)
	}
	if res = f.do(t, http.MethodPost, "/api/folio/webhooks/"+id+"/rotate-secret", "editor", nil); res.Status != 404 {
		t.Fatalf("an editor rotates: %d", res.Status)
	}

	for _, u := range []string{"http://127.0.0.1:8090/x", "http://localhost/x", "http://169.254.169.254/", "http://[::1]/", "http://10.1.2.3/", "ftp://example.com/"} {
		res = f.do(t, http.MethodPost, "/api/collections/webhooks/records", "owner", map[string]any{"space": f.spaces["docs"].Id, "url": u})
		data, _ := res.Body["data"].(map[string]any)
		if res.Status != 400 || data["url"] == nil {
			t.Errorf("create to %s: %d %s", u, res.Status, res.Raw)
		}
	}
}

// TestSpaceWebhooksAreCapped: a space takes maxSpaceWebhooks webhooks; the next is a 400 that
// says so, and another space is not affected.
func TestSpaceWebhooksAreCapped(t *testing.T) {
	f := newFixture(t)
	hook := map[string]any{"space": f.spaces["docs"].Id, "url": "https://93.184.215.14/folio"}
	for i := range 20 {
		if res := f.do(t, http.MethodPost, "/api/collections/webhooks/records", "admin", hook); res.Status != 200 {
			t.Fatalf("webhook %d: %d %s", i+1, res.Status, res.Raw)
		}
	}
	res := f.do(t, http.MethodPost, "/api/collections/webhooks/records", "admin", hook)
	data, _ := res.Body["data"].(map[string]any)
	space, _ := data["space"].(map[string]any)
	if res.Status != 400 || space["code"] != "validation_too_many_webhooks" {
		t.Fatalf("a 21st webhook: %d %s", res.Status, res.Raw)
	}
	testapp.CreateRecord(t, f.app, schema.CollectionWebhooks, map[string]any{"space": f.spaces["other"].Id, "url": "https://93.184.215.14/folio"})
}

// TestDeliveryCapsResponseAndTimesOut: a huge answer is read only up to the cap and logged as a
// short excerpt; a receiver slower than the timeout is an error, retried.
func TestDeliveryCapsResponseAndTimesOut(t *testing.T) {
	fastRetries(t)
	t.Setenv("FOLIO_WEBHOOK_TIMEOUT", "300ms")
	f := newFixture(t)
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("é", 4096))
		for range 256 { // 2 MiB
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer big.Close()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	bigHook, slowHook := f.webhook(t, big.URL), f.webhook(t, slow.URL)
	stop := events.StartWorker(f.app)
	defer stop()
	f.page(t, "en", "a", "# A\n")
	deadline := time.Now().Add(5 * time.Second)
	for {
		b := firstDelivery(t, f, bigHook.Id)
		s := firstDelivery(t, f, slowHook.Id)
		if b != nil && s != nil && b.GetString(schema.DeliveryStatus) == schema.DeliverySucceeded && s.GetInt(schema.DeliveryAttempt) >= 1 {
			if ex := b.GetString(schema.DeliveryResponseExcerpt); len(ex) > events.ExcerptBytes || !strings.HasPrefix(ex, "éé") {
				t.Fatalf("excerpt of %d bytes: %.40q", len(ex), ex)
			}
			if s.GetString(schema.DeliveryStatus) != schema.DeliveryPending || !strings.Contains(s.GetString(schema.DeliveryError), "Timeout") {
				t.Fatalf("slow receiver: %s %q", s.GetString(schema.DeliveryStatus), s.GetString(schema.DeliveryError))
			}
			if l := s.GetInt(schema.DeliveryLatency); l < 250 || l > 1500 {
				t.Fatalf("slow receiver's attempt took %d ms, want about the 300 ms timeout", l)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("deliveries not settled: %v %v", b, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func firstDelivery(t testing.TB, f *fixture, hook string) *core.Record {
	var ds []*core.Record
	if err := f.app.RecordQuery(schema.CollectionDeliveries).AndWhere(dbx.HashExp{schema.DeliveryWebhook: hook}).
		OrderBy(schema.DeliverySeq).Limit(1).All(&ds); err != nil {
		t.Fatal(err)
	}
	if len(ds) == 0 {
		return nil
	}
	return ds[0]
}
