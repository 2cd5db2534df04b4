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

// A publish→draft save with 2,000 subscriptions, every one with its own filter so that no two
// share a decision, does not hold an unrelated write: deciding who lost sight happens after the
// page's transaction, off the writer's path. (BenchmarkLostSightSave runs it at 10,000.)
func TestLostSightDoesNotHoldOtherWrites(t *testing.T) {
	save, write, fanout := lostSightSave(t, 2, 1000)
	t.Logf("page save answered after %v, unrelated write %v, all deletes after %v", save, write, fanout)
	if write > time.Second {
		t.Errorf("an unrelated write took %v while the page's subscribers were decided", write)
	}
}

// BenchmarkLostSightSave is the test above at 10,000 subscriptions (ten clients of a thousand):
//
//	go test ./hooks/pages -run '^$' -bench LostSightSave -benchtime 1x
//
// It reports how long an unrelated write took while the save's subscribers were decided
// (write-ms), how long the save's own response took (save-ms: it waits for PocketBase's update
// broadcast, which checks every subscription after the commit) and when the last delete arrived.
func BenchmarkLostSightSave(b *testing.B) {
	for range b.N {
		save, write, fanout := lostSightSave(b, 10, 1000)
		b.ReportMetric(float64(write.Milliseconds()), "write-ms")
		b.ReportMetric(float64(save.Milliseconds()), "save-ms")
		b.ReportMetric(float64(fanout.Milliseconds()), "deletes-ms")
	}
}

// lostSightSave subscribes clients×each guest subscriptions with distinct filters to a live
// public page, takes it back to draft, writes an unrelated record meanwhile, and waits for every
// subscription's delete. It returns how long the save's response, the unrelated write and the
// deletes took.
func lostSightSave(t testing.TB, clients, each int) (save, write, fanout time.Duration) {
	f := newFixture(t)
	page := f.pages["public/live"]
	var subs []*subscriber
	for c := range clients {
		topics := make([]string, each)
		for i := range topics {
			topics[i] = withOptions("pages/*", map[string]string{"filter": fmt.Sprintf("title != 'not %d-%d'", c, i)})
		}
		subs = append(subs, f.subscribe(t, "guest", topics...))
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
	write = time.Since(writeStart)
	save = <-saved

	var wg sync.WaitGroup
	var mu sync.Mutex
	deletes := 0
	for _, c := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			deadline := time.After(5 * time.Minute)
		loop:
			for n < each {
				select {
				case msg := <-c.client.Channel():
					if strings.Contains(string(msg.Data), `"action":"delete"`) {
						n++
					}
				case <-deadline:
					break loop
				}
			}
			mu.Lock()
			deletes += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	fanout = time.Since(start)
	if deletes != clients*each {
		t.Errorf("%d deletes, want %d", deletes, clients*each)
	}
	return save, write, fanout
}
