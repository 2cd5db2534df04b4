package fanout_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/fanout"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// The equivalence test: every caller (each role of a private and a public space, a member of
// another space, a user with no space, a guest and a superuser) subscribes to every modelled
// collection with every kind of option (none, fields, own-field filters that match and that do
// not, filters through a relation, a sort PocketBase refuses, an expand), twice: once as it is (the fan-out decides what
// the fast path models) and once with an extra subscription that leaves the client to
// PocketBase's broadcast. Pages in every publish state are then edited (their revisions and
// links are written with them) and commented on, then two are taken out of their readers' sight,
// and each pair must receive the same events. Each event a client receives must be one the
// collection's view rule lets it read, and each delete about a page it no longer reads.

var callers = []string{"owner", "admin", "editor", "viewer", "outsider", "stranger", "guest", "superuser"}

var pageKinds = []string{"live", "draft", "future", "expired", "window"}

type world struct {
	app    *tests.TestApp
	h      http.Handler
	auth   map[string]*core.Record
	tokens map[string]string
	spaces map[string]*core.Record
	pages  map[string]*core.Record
	n      int
}

func newWorld(t *testing.T) *world {
	t.Helper()
	app := testapp.New(t)
	w := &world{app: app, auth: map[string]*core.Record{}, tokens: map[string]string{}, spaces: map[string]*core.Record{}, pages: map[string]*core.Record{}}
	for _, name := range []string{"owner", "admin", "editor", "viewer", "outsider", "stranger"} {
		u := testapp.CreateUser(t, app, name+"@example.com", name)
		w.auth[name], w.tokens[name] = u, testapp.Token(t, u)
	}
	su := core.NewRecord(mustCollection(t, app, core.CollectionNameSuperusers))
	su.SetEmail("root@example.com")
	su.SetPassword(testapp.TestPassword)
	if err := app.Save(su); err != nil {
		t.Fatal(err)
	}
	w.auth["superuser"], w.tokens["superuser"] = su, testapp.Token(t, su)
	for _, s := range []struct{ slug, visibility string }{{"private", schema.VisibilityPrivate}, {"public", schema.VisibilityPublic}, {"other", schema.VisibilityPrivate}} {
		w.spaces[s.slug] = testapp.CreateRecord(t, app, schema.CollectionSpaces, map[string]any{
			schema.SpaceSlug: s.slug, schema.SpaceName: s.slug, schema.SpaceVisibility: s.visibility,
			schema.SpaceSourceLocale: "en", schema.SpaceLocales: []string{"ko"},
		})
	}
	member := func(space, user, role string) {
		testapp.CreateRecord(t, app, schema.CollectionMemberships, map[string]any{
			schema.MembershipSpace: w.spaces[space].Id, schema.MembershipUser: w.auth[user].Id, schema.MembershipRole: role})
	}
	for _, slug := range []string{"private", "public"} {
		for _, role := range []string{"owner", "admin", "editor", "viewer"} {
			member(slug, role, role)
		}
	}
	member("other", "outsider", schema.RoleOwner)
	now := time.Now().UTC()
	for _, slug := range []string{"private", "public"} {
		for _, kind := range pageKinds {
			data := map[string]any{
				schema.PageSpace: w.spaces[slug].Id, schema.PageLocale: "en", schema.PagePath: "docs/" + kind,
				schema.PageTitle: kind, schema.PageStatus: schema.PagePublished,
				schema.PageBody: "# " + kind + "\n\nSee [live](/docs/live), [draft](/docs/draft) and [missing](/docs/missing).\n",
			}
			switch kind {
			case "draft":
				data[schema.PageStatus] = schema.PageDraft
			case "future":
				data[schema.PagePublishAt] = dt(now.Add(time.Hour))
			case "expired":
				data[schema.PageUnpublishAt] = dt(now.Add(-time.Hour))
			case "window":
				data[schema.PagePublishAt] = dt(now.Add(-time.Hour))
				data[schema.PageUnpublishAt] = dt(now.Add(time.Hour))
			}
			w.pages[slug+"/"+kind] = testapp.CreateRecord(t, app, schema.CollectionPages, data)
		}
	}
	w.h = testapp.Handler(t, app)
	return w
}

func dt(t time.Time) types.DateTime {
	d, _ := types.ParseDateTime(t)
	return d
}

func mustCollection(t testing.TB, app core.App, name string) *core.Collection {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// client is one realtime connection and the messages it received, by subscription.
type client struct {
	caller string
	c      *subscriptions.DefaultClient
	mu     sync.Mutex
	got    map[string][]string
}

func (c *client) received(sub string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]string(nil), c.got[sub]...)
	sort.Strings(out)
	return out
}

func (c *client) count(substr string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, msgs := range c.got {
		for _, m := range msgs {
			if strings.Contains(m, substr) {
				n++
			}
		}
	}
	return n
}

func (c *client) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, m := range c.got {
		n += len(m)
	}
	return n
}

// subscribe connects a client as caller and subscribes it to subs through the realtime route.
func (w *world) subscribe(t *testing.T, caller string, subs ...string) (*client, int) {
	t.Helper()
	c := w.register(t, caller, subscriptions.NewDefaultClient())
	w.n++
	addr := fmt.Sprintf("10.1.%d.%d:1234", (w.n>>8)&255, w.n&255)
	res := testapp.Do(t, w.h, http.MethodPost, "/api/realtime", w.tokens[caller], addr,
		map[string]any{"clientId": c.c.Id(), "subscriptions": subs})
	return c, res.Status
}

// register adds a client as caller to the broker and collects what it receives until the test
// ends.
func (w *world) register(t *testing.T, caller string, dc *subscriptions.DefaultClient) *client {
	t.Helper()
	c := &client{caller: caller, c: dc, got: map[string][]string{}}
	w.app.SubscriptionsBroker().Register(dc)
	go func() {
		for m := range dc.Channel() {
			var v any
			_ = json.Unmarshal(m.Data, &v)
			b, _ := json.Marshal(v) // sorted keys
			c.mu.Lock()
			c.got[m.Name] = append(c.got[m.Name], string(b))
			c.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		w.app.SubscriptionsBroker().Unregister(dc.Id())
		dc.Discard()
	})
	return c
}

func option(q map[string]string) string {
	if len(q) == 0 {
		return ""
	}
	b, _ := json.Marshal(map[string]any{"query": q})
	return "?options=" + url.QueryEscape(string(b))
}

// subscriptionsOf lists the subscriptions of the test on collection c: its relation to the page
// (or space, for pages) gives the filter through a relation and the expand.
func subscriptionsOf(w *world, c string) []string {
	rel := "page"
	if c == schema.CollectionPages {
		rel = "space"
	}
	opts := []map[string]string{
		nil,
		{"fields": "id,title,status,to_page,body"},
		{"filter": "id != ''"},
		{"filter": "id = 'nothing'"},
		{"filter": "created != '' && id != ''", "fields": "id"},
		{"filter": rel + ".id != ''"},
		{"filter": rel + ".created != '' && title != 'x'", "fields": "id,title"},
		{"filter": "id != ''", "sort": "@request.auth.id"},
		{"expand": rel},
	}
	var subs []string
	for _, o := range opts {
		subs = append(subs, c+"/*"+option(o))
	}
	if c == schema.CollectionPages {
		for _, key := range []string{"public/live", "private/draft", "public/future"} {
			subs = append(subs, c+"/"+w.pages[key].Id, c+"/"+w.pages[key].Id+option(map[string]string{"fields": "id,title"}))
		}
	}
	return subs
}

// toPocketBase is a subscription that leaves a client to PocketBase's broadcast (an expand)
// and that receives nothing (no such page).
var toPocketBase = schema.CollectionPages + "/nosuchpage00000" + option(map[string]string{"expand": "space"})

// subscriptionPair is one subscription of one caller made twice: served by the fan-out (fast)
// and left to PocketBase's broadcast (pb).
type subscriptionPair struct {
	caller, sub string
	fast, pb    *client
}

// subscribePairs subscribes every caller to every subscription of collections twice, on the
// fan-out and on PocketBase's broadcast, and — with goExpand — once more from Go code for each
// subscription with an expand, paired with the broadcast one. It returns the pairs and every
// client made.
func (w *world) subscribePairs(t *testing.T, collections []string, goExpand bool) (pairs []subscriptionPair, all []*client) {
	t.Helper()
	for _, caller := range callers {
		for _, c := range collections {
			for _, sub := range subscriptionsOf(w, c) {
				fast, s1 := w.subscribe(t, caller, sub)
				pb, s2 := w.subscribe(t, caller, sub, toPocketBase)
				if s1 != s2 {
					t.Fatalf("%s %s: status %d alone, %d with an expand", caller, sub, s1, s2)
				}
				if s1 != http.StatusNoContent {
					continue
				}
				pairs = append(pairs, subscriptionPair{caller, sub, fast, pb})
				all = append(all, fast, pb)
				if goExpand && strings.Contains(sub, "expand") {
					goClient := w.subscribeGo(t, caller, sub)
					pairs = append(pairs, subscriptionPair{caller, sub, goClient, pb})
					all = append(all, goClient)
				}
			}
		}
	}
	return pairs, all
}

func TestFanoutEquivalence(t *testing.T) {
	w := newWorld(t)
	for _, c := range []string{schema.CollectionPages, schema.CollectionRevisions, schema.CollectionComments, schema.CollectionPageLinks} {
		if !fanout.ModelledRule(mustCollection(t, w.app, c)) {
			t.Fatalf("the fan-out does not model the read rule of %s: it would leave every %s event to PocketBase", c, c)
		}
	}
	pairs, all := w.subscribePairs(t, []string{schema.CollectionPages, schema.CollectionRevisions, schema.CollectionComments, schema.CollectionPageLinks}, false)
	before := fanout.FastSends()

	for _, key := range []string{"private", "public"} {
		for _, kind := range pageKinds {
			page, err := w.app.FindRecordById(schema.CollectionPages, w.pages[key+"/"+kind].Id)
			if err != nil {
				t.Fatal(err)
			}
			page.Set(schema.PageTitle, kind+", edited")
			page.Set(schema.PageBody, "# "+kind+"\n\nNow see [window](/docs/window) and [live](/docs/live).\n")
			if err := w.app.Save(page); err != nil {
				t.Fatalf("save %s/%s: %v", key, kind, err)
			}
			testapp.CreateRecord(t, w.app, schema.CollectionComments, map[string]any{
				schema.CommentPage: page.Id, schema.CommentAuthor: w.auth["editor"].Id, schema.CommentBody: "on " + kind})
		}
	}
	quiesce(all)
	for _, p := range pairs {
		w.checkReadable(t, p.caller, p.fast, false)
	}

	// lost sight: a live page back to draft, a window page past its end; readers who saw them
	// get a delete (Folio's own event), decided from the memberships too
	for key, change := range map[string]map[string]any{
		"public/live":    {schema.PageStatus: schema.PageDraft},
		"private/window": {schema.PageUnpublishAt: dt(time.Now().UTC().Add(-time.Minute))},
	} {
		page, err := w.app.FindRecordById(schema.CollectionPages, w.pages[key].Id)
		if err != nil {
			t.Fatal(err)
		}
		page.Load(change)
		if err := w.app.Save(page); err != nil {
			t.Fatalf("hide %s: %v", key, err)
		}
	}
	quiesce(all)

	if fanout.FastSends() == before {
		t.Fatal("no message went through the fan-out's fast path")
	}
	var diffs []string
	reached, silent := 0, 0
	for _, p := range pairs {
		a, b := p.fast.received(p.sub), p.pb.received(p.sub)
		if strings.Join(a, "\n") != strings.Join(b, "\n") {
			diffs = append(diffs, fmt.Sprintf("%s %s\n  fan-out (%d): %s\n  PocketBase (%d): %s", p.caller, p.sub, len(a), clip(strings.Join(a, " | ")), len(b), clip(strings.Join(b, " | "))))
		}
		if len(b) > 0 {
			reached++
		} else {
			silent++
		}
		w.checkReadable(t, p.caller, p.fast, true)
	}
	if len(diffs) > 0 {
		t.Errorf("%d of %d subscriptions received different events from the fan-out and from PocketBase:\n%s", len(diffs), len(pairs), strings.Join(diffs, "\n"))
	}
	if reached == 0 || silent == 0 {
		t.Errorf("the writes reached %d subscriptions and missed %d: the test decides nothing", reached, silent)
	}
	deletes := 0
	for _, c := range all {
		deletes += c.count(`"action":"delete"`)
	}
	if deletes == 0 {
		t.Error("no reader was told that a page went out of its sight")
	}
}

// checkReadable fails the test for each event c received about a record its caller may not
// view, by the collection's view rule as PocketBase checks it, and (once pages have been hidden,
// deletes true) for each delete about a page it still reads.
func (w *world) checkReadable(t *testing.T, caller string, c *client, deletes bool) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	info := &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: http.MethodGet, Auth: w.auth[caller]}
	for sub, msgs := range c.got {
		col := sub[:strings.IndexAny(sub+"/", "/?")]
		for _, m := range msgs {
			var v struct {
				Action string         `json:"action"`
				Record map[string]any `json:"record"`
			}
			_ = json.Unmarshal([]byte(m), &v)
			id, _ := v.Record["id"].(string)
			r, err := w.app.FindRecordById(col, id)
			if err != nil {
				continue // written and removed again during the test (page_links follow the body)
			}
			ok, _ := w.app.CanAccessRecord(r, info, r.Collection().ViewRule)
			switch {
			case v.Action == "delete" && ok:
				t.Errorf("%s was told it lost sight of %s %s, which it still reads", caller, col, id)
			case v.Action != "delete" && !ok && !deletes:
				t.Errorf("%s received %s %s, which it may not read", caller, col, id)
			}
		}
	}
}

// quiesce waits until no client has received anything for a while.
func quiesce(clients []*client) {
	last, idle := -1, 0
	for idle < 4 {
		time.Sleep(50 * time.Millisecond)
		n := 0
		for _, c := range clients {
			n += c.total()
		}
		if n == last {
			idle++
		} else {
			last, idle = n, 0
		}
	}
}

func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}
