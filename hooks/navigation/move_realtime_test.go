package navigation_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"folio/hooks/navigation"
)

// realtimeView moves the private space's docs subtree with its translations while an owner, a
// viewer and a member of another space are subscribed to pages and redirects, and returns what
// each ended up seeing: per record (named by its fixture key), the last action and address.
func realtimeView(t *testing.T, f *fixture) map[string][]string {
	t.Helper()
	key := map[string]string{}
	for k, p := range f.pages {
		key[p.Id] = k
	}
	clients := map[string]*subscriptions.DefaultClient{}
	for _, caller := range []string{"owner", "viewer", "outsider"} {
		c := subscriptions.NewDefaultClient()
		c.Set(apis.RealtimeClientAuthKey, f.users[caller])
		c.Subscribe("pages/*", "redirects/*")
		f.app.SubscriptionsBroker().Register(c)
		t.Cleanup(func() { f.app.SubscriptionsBroker().Unregister(c.Id()) })
		clients[caller] = c
	}
	res := f.do(t, http.MethodPost, "/api/folio/pages/"+f.pages["private/en/docs"].Id+"/move", "editor",
		map[string]any{"path": "guide", "subtree": true, "translations": true})
	if res.Status != http.StatusOK {
		t.Fatalf("move: %d %s", res.Status, res.Raw)
	}
	out := map[string][]string{}
	for caller, c := range clients {
		last := map[string]string{}
		deadline := time.After(2 * time.Second)
	read:
		for {
			select {
			case msg := <-c.Channel():
				var ev struct {
					Action string
					Record map[string]any
				}
				if err := json.Unmarshal(msg.Data, &ev); err != nil {
					t.Fatal(err)
				}
				id, _ := ev.Record["id"].(string)
				if page, ok := ev.Record["page"].(string); ok { // a redirect: name it by its page
					id = "redirect to " + key[page]
				} else {
					id = key[id]
				}
				last[msg.Name+" "+id] = fmt.Sprintf("%s %v/%v %v", ev.Action, ev.Record["locale"], ev.Record["path"], ev.Record["translation_state"])
			case <-deadline:
				break read
			}
		}
		for k, v := range last {
			out[caller] = append(out[caller], k+": "+v)
		}
		slices.Sort(out[caller])
	}
	return out
}

// TestBulkMoveRealtime: subscribers hear of a bulk move as of the same move made by a record
// save per page — each reader every page and redirect it may read, at its new address, and
// nothing it may not.
func TestBulkMoveRealtime(t *testing.T) {
	got := realtimeView(t, newFixture(t))
	want := func() map[string][]string {
		f := newFixture(t)
		navigation.UseRecordSaves(t)
		return realtimeView(t, f)
	}()
	// 9 pages and their 9 redirects for the owner; the viewer reads 5 of each; the outsider none.
	for caller, n := range map[string]int{"owner": 18, "viewer": 10, "outsider": 0} {
		if len(got[caller]) != n {
			t.Errorf("%s heard of %d records, want %d: %v", caller, len(got[caller]), n, got[caller])
		}
		if !slices.Equal(got[caller], want[caller]) {
			t.Errorf("%s: bulk move\n  %v\nrecord saves\n  %v", caller, got[caller], want[caller])
		}
	}
}
