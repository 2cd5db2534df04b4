package fanout_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"folio/hooks/fanout"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// modelledCollections are the collections the fan-out sends for.
var modelledCollections = []string{schema.CollectionPages, schema.CollectionRevisions, schema.CollectionComments, schema.CollectionPageLinks, schema.CollectionRedirects}

// subscribeGo registers a client as caller with subs set from Go code, as a Go hook of the
// application would, without the realtime route.
func (w *world) subscribeGo(t *testing.T, caller string, subs ...string) *client {
	t.Helper()
	dc := subscriptions.NewDefaultClient()
	if auth := w.auth[caller]; auth != nil {
		dc.Set(apis.RealtimeClientAuthKey, auth)
	}
	dc.Subscribe(subs...)
	return w.register(t, caller, dc)
}

// TestFanoutDeleteEquivalence: every caller subscribes to the five modelled collections with
// every kind of option, on the fan-out and on PocketBase's broadcast, and (from Go code, without
// the realtime route) with an expand: the fan-out serves those through PocketBase's enrich the
// first time it meets them and leaves them to PocketBase's broadcast from then on. Redirects,
// comments and links are written, then a comment, a link, a
// revision-bearing page of every publish state of the public space and at last the whole private
// space are deleted — the pages taking their revisions, comments, links and redirects along, the
// space its memberships and pages. Each pair must receive the same events, the Go-code expand
// subscriptions the ones PocketBase sends with their expansion, and every delete a client
// receives must be of a record it could read before.
func TestFanoutDeleteEquivalence(t *testing.T) {
	w := newWorld(t)
	for _, c := range modelledCollections {
		if !fanout.ModelledRule(mustCollection(t, w.app, c)) {
			t.Fatalf("the fan-out does not model the read rule of %s", c)
		}
	}
	pairs, all := w.subscribePairs(t, modelledCollections, true)

	// redirects, created (and sent) before they go with their pages
	for _, key := range []string{"public/live", "public/draft", "private/live", "private/window"} {
		p := w.pages[key]
		testapp.CreateRecord(t, w.app, schema.CollectionRedirects, map[string]any{
			schema.RedirectSpace: p.GetString(schema.PageSpace), schema.RedirectLocale: "en",
			schema.RedirectPath: "old/" + strings.ReplaceAll(key, "/", "-"), schema.RedirectPage: p.Id})
	}
	for _, key := range []string{"public/live", "private/live", "public/window"} {
		testapp.CreateRecord(t, w.app, schema.CollectionComments, map[string]any{
			schema.CommentPage: w.pages[key].Id, schema.CommentAuthor: w.auth["editor"].Id, schema.CommentBody: "on " + key})
	}
	// a body that rewrites links, so that page_links have events before their deletes
	live, err := w.app.FindRecordById(schema.CollectionPages, w.pages["public/live"].Id)
	if err != nil {
		t.Fatal(err)
	}
	live.Set(schema.PageBody, "# live\n\nNow see [window](/docs/window) and [draft](/docs/draft).\n")
	if err := w.app.Save(live); err != nil {
		t.Fatal(err)
	}
	quiesce(all)

	// who may read what, before anything is deleted
	readable, existed := map[string]bool{}, map[string]bool{}
	for _, caller := range callers {
		info := &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: http.MethodGet, Auth: w.auth[caller]}
		for _, c := range modelledCollections {
			records, err := w.app.FindAllRecords(c)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range records {
				existed[c+"/"+r.Id] = true
				if ok, _ := w.app.CanAccessRecord(r, info, r.Collection().ViewRule); ok {
					readable[caller+" "+c+"/"+r.Id] = true
				}
			}
		}
	}
	before := fanout.FastSends()

	// one record of each kind on its own, then pages with all they carry, then a space
	comment, err := w.app.FindFirstRecordByData(schema.CollectionComments, schema.CommentPage, w.pages["public/live"].Id)
	if err != nil {
		t.Fatal(err)
	}
	link, err := w.app.FindFirstRecordByData(schema.CollectionPageLinks, schema.PageLinkPage, w.pages["public/window"].Id)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*core.Record{comment, link} {
		if err := w.app.Delete(r); err != nil {
			t.Fatalf("delete %s %s: %v", r.Collection().Name, r.Id, err)
		}
	}
	for _, kind := range pageKinds {
		page, err := w.app.FindRecordById(schema.CollectionPages, w.pages["public/"+kind].Id)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.app.Delete(page); err != nil {
			t.Fatalf("delete public/%s: %v", kind, err)
		}
	}
	space, err := w.app.FindRecordById(schema.CollectionSpaces, w.spaces["private"].Id)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.app.Delete(space); err != nil {
		t.Fatalf("delete the private space: %v", err)
	}
	quiesce(all)

	if fanout.FastSends() == before {
		t.Fatal("no delete went through the fan-out's fast path")
	}
	var diffs []string
	deletes := map[string]int{}
	for _, p := range pairs {
		a, b := p.fast.received(p.sub), p.pb.received(p.sub)
		if strings.Join(a, "\n") != strings.Join(b, "\n") {
			diffs = append(diffs, fmt.Sprintf("%s %s\n  fan-out only (of %d): %s\n  PocketBase only (of %d): %s", p.caller, p.sub, len(a), clip(strings.Join(missing(a, b), " | ")), len(b), clip(strings.Join(missing(b, a), " | "))))
		}
		col := p.sub[:strings.IndexAny(p.sub+"/", "/?")]
		for _, m := range a { // deletes of records written above went out before this phase
			var v struct {
				Action string         `json:"action"`
				Record map[string]any `json:"record"`
			}
			_ = json.Unmarshal([]byte(m), &v)
			id, _ := v.Record["id"].(string)
			if v.Action == "delete" && existed[col+"/"+id] {
				deletes[col]++
			}
			if v.Action == "delete" && existed[col+"/"+id] && !readable[p.caller+" "+col+"/"+id] {
				t.Errorf("%s (%s) was sent the delete of %s %s, which it could not read", p.caller, p.sub, col, id)
			}
		}
	}
	if len(diffs) > 0 {
		t.Errorf("%d of %d subscriptions received different events from the fan-out and from PocketBase:\n%s", len(diffs), len(pairs), strings.Join(diffs, "\n"))
	}
	for _, c := range modelledCollections {
		if deletes[c] == 0 {
			t.Errorf("no subscriber was sent a delete of %s: the test decides nothing there", c)
		}
	}
}

// missing lists the messages of a that b lacks.
func missing(a, b []string) []string {
	have := map[string]int{}
	for _, m := range b {
		have[m]++
	}
	var out []string
	for _, m := range a {
		if have[m] > 0 {
			have[m]--
			continue
		}
		out = append(out, m)
	}
	return out
}
