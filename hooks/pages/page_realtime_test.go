package pages_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// withOptions is a realtime topic with PocketBase's subscription options (query parameters).
func withOptions(topic string, query map[string]string) string {
	raw, _ := json.Marshal(map[string]any{"query": query})
	return topic + "?options=" + url.QueryEscape(string(raw))
}

// collect reads every message the subscriber gets within wait.
func (s *subscriber) collect(wait time.Duration) []subscriptions.Message {
	var out []subscriptions.Message
	deadline := time.After(wait)
	for {
		select {
		case msg := <-s.client.Channel():
			out = append(out, msg)
		case <-deadline:
			return out
		}
	}
}

// An editor takes a live page of a public space back to draft and rewrites it in the same
// save. Every reader who loses sight of it gets a delete on each of its subscriptions — with
// and without expand, to the collection and to the page — carrying the page as the reader last
// saw it, and nothing of the new hidden state.
func TestLostSightDeleteCarriesNoHiddenContent(t *testing.T) {
	f := newFixture(t)
	page := f.pages["public/live"]
	topics := []string{
		"pages/*", "pages/" + page.Id,
		withOptions("pages/*", map[string]string{"expand": "space,author"}),
		withOptions("pages/"+page.Id, map[string]string{"expand": "space"}),
	}
	readers := []*subscriber{f.subscribe(t, "guest", topics...), f.subscribe(t, "stranger", topics...),
		f.subscribe(t, "viewer", topics...), f.subscribe(t, "outsider", topics...)}
	const secret = "RT_REDRAFT_SECRET"
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{
		"status": "draft", "base_revision": 1, "title": secret + " title", "description": secret + " description",
		"body": "# " + secret + "\n\n" + secret + ": the unreleased plan\n"}), 200)

	for _, r := range readers {
		got := map[string]bool{}
		for _, msg := range r.collect(time.Second) {
			if strings.Contains(string(msg.Data), secret) {
				t.Errorf("%s got the hidden state on %s: %s", r.name, msg.Name, msg.Data)
			}
			var ev struct {
				Action string
				Record map[string]any
			}
			if err := json.Unmarshal(msg.Data, &ev); err != nil {
				t.Fatal(err)
			}
			if ev.Action != "delete" || ev.Record["id"] != page.Id {
				t.Errorf("%s got %s on %s, want only deletes of the page", r.name, ev.Action, msg.Name)
				continue
			}
			if ev.Record["title"] != page.GetString(schema.PageTitle) || ev.Record["expand"] != nil {
				t.Errorf("%s: the delete carries title %v and expand %v, want the page as it was and nothing expanded", r.name, ev.Record["title"], ev.Record["expand"])
			}
			got[msg.Name] = true
		}
		if len(got) != len(topics) {
			t.Errorf("%s got deletes on %d of its %d subscriptions: %v", r.name, len(got), len(topics), got)
		}
	}
}

// A reader of a private space who never saw its page hears nothing when the page goes back to
// draft: the lost-sight delete goes only to readers who saw the page.
func TestLostSightDeleteOnlyToFormerReaders(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	stranger, guest := f.subscribe(t, "stranger"), f.subscribe(t, "guest")
	viewer := f.subscribe(t, "viewer", withOptions("pages/*", map[string]string{"filter": "title != 'something else'"}))
	filtered := f.subscribe(t, "viewer", withOptions("pages/*", map[string]string{"filter": "title = 'something else'"}))
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{"status": "draft"}), 200)
	if got := viewer.next(t, page.Id, 2*time.Second); got != "delete" {
		t.Errorf("the viewer got %q, want delete", got)
	}
	for _, s := range []*subscriber{stranger, guest, filtered} {
		if got := s.next(t, page.Id, 300*time.Millisecond); got != "" {
			t.Errorf("%s, who never saw the page, got %q", s.name, got)
		}
	}
}

// A publish→draft save with 10,000 subscriptions (ten clients of a thousand each, every one
// with its own filter, so no two share a decision) does not hold an unrelated write: deciding
// who lost sight happens after the page's transaction, off the writer's path.
func TestLostSightDoesNotHoldOtherWrites(t *testing.T) {
	f := newFixture(t)
	page := f.pages["public/live"]
	var clients []*subscriber
	for c := range 10 {
		topics := make([]string, 1000)
		for i := range topics {
			topics[i] = withOptions("pages/*", map[string]string{"filter": fmt.Sprintf("title != 'not %d-%d'", c, i)})
		}
		clients = append(clients, f.subscribe(t, "guest", topics...))
	}

	saved := make(chan time.Duration, 1)
	start := time.Now()
	go func() {
		res := f.patchPage(t, page.Id, "editor", map[string]any{"status": "draft"})
		if res.Status != 200 {
			t.Errorf("save: %d %s", res.Status, res.Raw)
		}
		saved <- time.Since(start)
	}()
	time.Sleep(20 * time.Millisecond) // the save is under way
	writeStart := time.Now()
	testapp.CreateRecord(t, f.app, schema.CollectionSpaces, map[string]any{
		schema.SpaceSlug: "unrelated", schema.SpaceName: "Unrelated", schema.SpaceVisibility: schema.VisibilityPrivate, schema.SpaceSourceLocale: "en"})
	write := time.Since(writeStart)
	save := <-saved

	// every subscription gets its delete, once the decisions are made
	var wg sync.WaitGroup
	var mu sync.Mutex
	deletes := 0
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			deadline := time.After(60 * time.Second)
			for n < 1000 {
				select {
				case msg := <-c.client.Channel():
					if strings.Contains(string(msg.Data), `"action":"delete"`) {
						n++
					}
				case <-deadline:
					mu.Lock()
					deletes += n
					mu.Unlock()
					return
				}
			}
			mu.Lock()
			deletes += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	fanout := time.Since(start)
	// The save's own response waits for PocketBase's update broadcast, which checks every
	// subscription's filter after the commit; only the lost-sight decisions are Folio's.
	t.Logf("page save answered after %v, unrelated write %v, all %d deletes after %v", save, write, deletes, fanout)
	if deletes != 10000 {
		t.Errorf("%d deletes, want 10000", deletes)
	}
	if write > time.Second {
		t.Errorf("an unrelated write took %v while the page's subscribers were decided", write)
	}
}
