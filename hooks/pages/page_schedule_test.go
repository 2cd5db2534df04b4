package pages_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"folio/hooks/pages"
	"folio/hooks/schema"
)

// subscriber is a realtime client registered on the app's broker, as PocketBase's SSE handler
// registers one, subscribed to topic (pages/* by default) with the auth of caller.
type subscriber struct {
	name   string
	client *subscriptions.DefaultClient
}

func (f *fixture) subscribe(t testing.TB, caller string, topic ...string) *subscriber {
	c := subscriptions.NewDefaultClient()
	if u := f.users[caller]; u != nil {
		c.Set(apis.RealtimeClientAuthKey, u)
	}
	if len(topic) == 0 {
		topic = []string{"pages/*"}
	}
	c.Subscribe(topic...)
	f.app.SubscriptionsBroker().Register(c)
	t.Cleanup(func() {
		// Unregistering closes the client's channel, and a send the test did not read may still
		// be waiting on it (PocketBase's Send survives that by recovering, but it is a race): take
		// what is pending first.
		for quiet := false; !quiet; {
			select {
			case <-c.Channel():
			case <-time.After(50 * time.Millisecond):
				quiet = true
			}
		}
		f.app.SubscriptionsBroker().Unregister(c.Id())
	})
	return &subscriber{name: caller, client: c}
}

// next returns the action of the next event about the record id, or "" if none comes within
// wait.
func (s *subscriber) next(t *testing.T, id string, wait time.Duration) string {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case msg := <-s.client.Channel():
			var ev struct {
				Action string
				Record struct{ Id string }
			}
			if err := json.Unmarshal(msg.Data, &ev); err != nil {
				t.Fatalf("%s got a malformed event: %s", s.name, msg.Data)
			}
			if ev.Record.Id == id {
				return ev.Action
			}
		case <-deadline:
			return ""
		}
	}
}

// TestScheduleReachesSubscribers: when a page's publish_at passes, ApplySchedule makes it appear
// to the viewer's subscription (an update event); when its unpublish_at passes, the viewer gets
// a delete; the editor, who always sees it, gets updates; a stranger never hears of it.
func TestScheduleReachesSubscribers(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/future"]
	if f.head(t, page.Id).GetBool(schema.PageLive) {
		t.Fatal("a page published in an hour is live")
	}
	viewer, editor, stranger := f.subscribe(t, "viewer"), f.subscribe(t, "editor"), f.subscribe(t, "stranger")

	// Time passes: publish_at is now behind us (the column is moved directly, without hooks,
	// as the clock would move it).
	setColumn(t, f, page.Id, schema.PagePublishAt, time.Now().Add(-time.Second))
	if n, err := pages.ApplySchedule(f.app, time.Now()); err != nil || n != 1 {
		t.Fatalf("ApplySchedule changed %d pages (%v), want 1", n, err)
	}
	if got := viewer.next(t, page.Id, 2*time.Second); got != "update" {
		t.Fatalf("the viewer got %q when the page was published, want update", got)
	}
	if got := editor.next(t, page.Id, 2*time.Second); got != "update" {
		t.Fatalf("the editor got %q, want update", got)
	}
	if !f.head(t, page.Id).GetBool(schema.PageLive) {
		t.Fatal("the page is not live after its publish_at")
	}
	if n, _ := pages.ApplySchedule(f.app, time.Now()); n != 0 {
		t.Fatalf("a second run changed %d pages", n)
	}

	setColumn(t, f, page.Id, schema.PageUnpublishAt, time.Now().Add(-time.Second))
	if n, err := pages.ApplySchedule(f.app, time.Now()); err != nil || n != 1 {
		t.Fatalf("ApplySchedule changed %d pages (%v), want 1", n, err)
	}
	if got := viewer.next(t, page.Id, 2*time.Second); got != "delete" {
		t.Fatalf("the viewer got %q when the page was unpublished, want delete", got)
	}
	if got := editor.next(t, page.Id, 2*time.Second); got != "update" {
		t.Fatalf("the editor got %q, want update", got)
	}
	if got := stranger.next(t, page.Id, 300*time.Millisecond); got != "" {
		t.Fatalf("a stranger heard of a private page: %q", got)
	}
}

// TestUnpublishBySaveReachesSubscribers: an editor setting a live page back to draft sends the
// viewer's subscription a delete (PocketBase alone would send it nothing).
func TestUnpublishBySaveReachesSubscribers(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	viewer, editor := f.subscribe(t, "viewer"), f.subscribe(t, "editor")
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{"status": "draft"}), 200)
	if got := viewer.next(t, page.Id, 2*time.Second); got != "delete" {
		t.Fatalf("the viewer got %q, want delete", got)
	}
	if got := editor.next(t, page.Id, 2*time.Second); got != "update" {
		t.Fatalf("the editor got %q, want update", got)
	}
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{"status": "published"}), 200)
	if got := viewer.next(t, page.Id, 2*time.Second); got != "update" {
		t.Fatalf("the viewer got %q on republish, want update", got)
	}
	// read too, so that no send to a subscriber is left waiting when the test unregisters it
	if got := editor.next(t, page.Id, 2*time.Second); got != "update" {
		t.Fatalf("the editor got %q on republish, want update", got)
	}
}

// TestListsHonourWindowAtReadTime: the API rules, not the live flag, decide — a page whose
// unpublish_at passed a moment ago is gone from a viewer's list before the scheduler runs.
func TestListsHonourWindowAtReadTime(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	if !f.listIds(t, schema.CollectionPages, "", "viewer")[page.Id] {
		t.Fatal("a viewer does not list a live page: the fixture is off")
	}
	// the clock passes unpublish_at with no save and no cron run: the rule alone must hide it
	setColumn(t, f, page.Id, schema.PageUnpublishAt, time.Now().Add(-time.Second))
	if res := f.do(t, http.MethodGet, "/api/collections/pages/records/"+page.Id, "viewer", nil); res.Status != 404 {
		t.Fatalf("a viewer reads a page past its unpublish_at: %d", res.Status)
	}
	if f.listIds(t, schema.CollectionPages, "", "viewer")[page.Id] {
		t.Fatal("a viewer lists a page past its unpublish_at")
	}
	// and a publish_at still ahead hides it the same way
	setColumn(t, f, page.Id, schema.PageUnpublishAt, time.Now().Add(time.Hour))
	setColumn(t, f, page.Id, schema.PagePublishAt, time.Now().Add(time.Hour))
	if f.listIds(t, schema.CollectionPages, "", "viewer")[page.Id] {
		t.Fatal("a viewer lists a page before its publish_at")
	}
	if !f.listIds(t, schema.CollectionPages, "", "editor")[page.Id] {
		t.Fatal("an editor no longer lists the scheduled page")
	}
}

func setColumn(t *testing.T, f *fixture, id, column string, at time.Time) {
	t.Helper()
	_, err := f.app.DB().Update(schema.CollectionPages, map[string]any{column: dt(at).String()}, dbxId(id)).Execute()
	if err != nil {
		t.Fatal(err)
	}
}
