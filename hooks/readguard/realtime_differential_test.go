package readguard_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"folio/hooks/events"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// The realtime half of the non-interference test: every role subscribes to every Folio
// collection with and without filter and expand options (the generated corpus's back-relation
// and stripped-field filters among them, as the JS SDK sends them), the same writes happen in A
// and in B_role — on records both sides share, and on records the role may not read — and the
// role must receive the same events in both.

// subscriber is one realtime client with one subscription, and what it received.
type subscriber struct {
	role, sub string
	status    int
	client    *subscriptions.DefaultClient
	mu        sync.Mutex
	events    []string
}

func (s *subscriber) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]string(nil), s.events...)
	sort.Strings(out)
	return out
}

// subscriptionsFor lists the subscriptions of the test on every collection: the wildcard topic
// plain, with every forward relation expanded, with a back-relation expand, and with filters
// from the corpus (back-relations with negated operators, stripped fields, sorts of nothing);
// and the view topic of each live page.
func subscriptionsFor(app core.App) []string {
	opt := func(q map[string]string) string {
		b, _ := json.Marshal(map[string]any{"query": q})
		return "?options=" + url.QueryEscape(string(b))
	}
	var subs []string
	for _, c := range collectionsOf(app) {
		topic := c.Name + "/*"
		subs = append(subs, topic)
		var rels []string
		for _, f := range c.Fields {
			if f.Type() == core.FieldTypeRelation {
				rels = append(rels, f.GetName())
			}
		}
		if len(rels) > 0 {
			subs = append(subs, topic+opt(map[string]string{"expand": strings.Join(rels, ",")}))
		}
		var viaText, viaOther, stripped string
		for _, p := range paths(app, c, 1) {
			t := p.field.Type()
			switch {
			case strings.Contains(p.path, "_via_") && viaText == "" && (t == core.FieldTypeText || t == core.FieldTypeEmail) && p.field.GetName() != "id":
				viaText = p.path
			case strings.Contains(p.path, "_via_") && viaOther == "" && t == core.FieldTypeBool:
				viaOther = p.path
			case strings.HasSuffix(p.path, ".verified") || strings.HasSuffix(p.path, ".emailVisibility") || p.path == "verified":
				if stripped == "" {
					stripped = p.path
				}
			}
		}
		if viaText != "" {
			subs = append(subs, topic+opt(map[string]string{"filter": viaText + " !~ 'alpha%'"}))
			subs = append(subs, topic+opt(map[string]string{"filter": "id != ''", "expand": strings.SplitN(viaText, ".", 2)[0]}))
		}
		if viaOther != "" {
			subs = append(subs, topic+opt(map[string]string{"filter": viaOther + " != true"}))
		}
		if stripped != "" {
			subs = append(subs, topic+opt(map[string]string{"filter": stripped + " = true"}))
		}
	}
	for _, id := range []string{fid("pgguide"), fid("pgguidetwo"), fid("pgdraft")} {
		subs = append(subs, schema.CollectionPages+"/"+id)
	}
	return subs
}

// subscribe registers a client as role on w and subscribes it to sub through the realtime
// route, as the JS SDK does; the client collects what it receives.
func (w *world) subscribe(t testing.TB, role, sub string) *subscriber {
	t.Helper()
	c := subscriptions.NewDefaultClient()
	w.app.SubscriptionsBroker().Register(c)
	s := &subscriber{role: role, sub: sub, client: c}
	go func() {
		for m := range c.Channel() {
			var v map[string]any
			_ = json.Unmarshal(m.Data, &v)
			maskTimes(v)
			b, _ := json.Marshal(v)
			s.mu.Lock()
			s.events = append(s.events, m.Name+" "+string(b))
			s.mu.Unlock()
		}
	}()
	res := testapp.Do(t, w.h, "POST", "/api/realtime", w.tokens[role], remoteAddr(),
		map[string]any{"clientId": c.Id(), "subscriptions": []string{sub}})
	s.status = res.Status
	t.Cleanup(func() {
		w.app.SubscriptionsBroker().Unregister(c.Id())
		c.Discard()
	})
	return s
}

// maskTimes replaces the created and updated times of records written during the test (the
// two sides write them at different instants), and the event a notification names: the outbox
// names its events at random, so the id differs between the sides and says nothing of either.
func maskTimes(v any) {
	switch x := v.(type) {
	case map[string]any:
		if x["collectionName"] == schema.CollectionNotifications {
			x[schema.NotificationEvent] = "<id>"
		}
		for k, val := range x {
			if k == "created" || k == "updated" || k == schema.SessionLastActive || k == schema.SessionRevokedAt {
				x[k] = "<time>"
				continue
			}
			maskTimes(val)
		}
	case []any:
		for _, val := range x {
			maskTimes(val)
		}
	}
}

// realtimeStep is one write the test makes on both sides; hidden parts use the side's word for
// the role.
type realtimeStep struct {
	name  string
	write func(t testing.TB, w *world)
}

func (w *world) save(t testing.TB, collection, id string, data map[string]any) {
	t.Helper()
	r, err := w.app.FindRecordById(collection, id)
	if err != nil {
		t.Fatalf("%s %s: %v", collection, id, err)
	}
	r.Load(data)
	if err := w.app.Save(r); err != nil {
		t.Fatalf("save %s %s: %v", collection, id, err)
	}
}

func (w *world) hideDrafts() bool { return w.variant != "alpha" && !seesDrafts(w.role) }
func (w *world) hideQ() bool      { return w.variant != "alpha" && !seesQ(w.role) }

var realtimeSteps = []realtimeStep{
	{"edit a live page", func(t testing.TB, w *world) {
		w.save(t, schema.CollectionPages, fid("pgguide"), map[string]any{schema.PageTitle: "Guide, second edition"})
	}},
	{"comment on a live page", func(t testing.TB, w *world) {
		w.create(t, schema.CollectionComments, map[string]any{"id": fid("crt"), schema.CommentPage: fid("pgguide"),
			schema.CommentAuthor: fid("uviewer"), schema.CommentBody: "a live comment"})
	}},
	{"edit the public space", func(t testing.TB, w *world) {
		w.save(t, schema.CollectionSpaces, fid("spacep"), map[string]any{schema.SpaceDescription: "the public space, edited"})
	}},
	{"rename a member", func(t testing.TB, w *world) {
		w.save(t, schema.CollectionUsers, fid("uviewer"), map[string]any{schema.UserName: "Viewer renamed"})
	}},
	{"edit a draft", func(t testing.TB, w *world) {
		word := w.word(w.hideDrafts())
		w.save(t, schema.CollectionPages, fid("pgdraft"), map[string]any{schema.PageBody: word + " draft body, second version\n"})
	}},
	{"edit the draft one side only holds", func(t testing.TB, w *world) {
		if w.hideDrafts() {
			w.save(t, schema.CollectionPages, fid("pgextra"), map[string]any{schema.PageBody: "bravo extra body, second version\n"})
		} else {
			w.save(t, schema.CollectionPages, fid("pgtarget"), map[string]any{schema.PageBody: "alpha target body, second version\n"})
		}
	}},
	{"comment on a draft", func(t testing.TB, w *world) {
		w.create(t, schema.CollectionComments, map[string]any{"id": fid("crtdraft"), schema.CommentPage: fid("pgdraft"),
			schema.CommentAuthor: fid("ueditor"), schema.CommentBody: w.word(w.hideDrafts()) + " draft remark"})
	}},
	{"edit the private space", func(t testing.TB, w *world) {
		w.save(t, schema.CollectionSpaces, fid("spaceq"), map[string]any{schema.SpaceDescription: w.word(w.hideQ()) + " private, edited"})
		w.save(t, schema.CollectionPages, fid("pgqpage"), map[string]any{schema.PageBody: w.word(w.hideQ()) + " q body, edited\n"})
	}},
	{"change another user's private fields", func(t testing.TB, w *world) {
		for _, key := range []string{"editor", "ghost"} {
			email := key + ".rt@example.com"
			if w.private(key) {
				email = key + ".rt.b@example.org"
			}
			w.save(t, schema.CollectionUsers, fid("u"+key), map[string]any{schema.UserEmail: email})
		}
	}},
	{"sign in on a new device", func(t testing.TB, w *world) {
		w.session(t, "viewer", fid("srtviewer"))
	}},
}

// lostSightStep takes a live page back to draft and changes it in the same save: readers who
// lose sight of it must learn only that (a delete with what they were allowed to see).
var lostSightStep = realtimeStep{"take a live page back to draft and change it", func(t testing.TB, w *world) {
	w.save(t, schema.CollectionPages, fid("pgguidetwo"), map[string]any{schema.PageStatus: schema.PageDraft,
		schema.PageBody: w.word(w.hideDrafts()) + " RT_REDRAFT_SECRET: the unreleased plan\n"})
}}

// quiesce waits until no subscriber of subs has received anything for a while.
func quiesce(subs []*subscriber) {
	last, idle := -1, 0
	for idle < 4 {
		time.Sleep(50 * time.Millisecond)
		n := 0
		for _, s := range subs {
			n += len(s.received())
		}
		if n == last {
			idle++
		} else {
			last, idle = n, 0
		}
	}
}

// realtimeSide is one world's subscribers, by role and subscription.
type realtimeSide map[string]*subscriber

func (w *world) subscribeAll(t testing.TB, forRoles []string) (realtimeSide, []*subscriber) {
	side := realtimeSide{}
	var all []*subscriber
	for _, role := range forRoles {
		for _, sub := range subscriptionsFor(w.app) {
			s := w.subscribe(t, role, sub)
			side[role+" "+sub] = s
			all = append(all, s)
		}
	}
	return side, all
}

func (w *world) run(t testing.TB, steps []realtimeStep, subs []*subscriber) {
	for i, st := range steps {
		w.ids.setPhase(fmt.Sprintf("realtime-%d-%s", i, st.name))
		st.write(t, w)
		// the step's events become notifications now, as the page stands after this step, not
		// whenever the worker gets to them: a notification's expanded page is read then
		if _, err := events.Dispatch(w.app); err != nil {
			t.Fatal(err)
		}
	}
	quiesce(subs)
}

// compareRealtime lists, for each role, the subscriptions whose status or events differ.
func compareRealtime(a, b realtimeSide, role string) []string {
	var out []string
	for key, sa := range a {
		if !strings.HasPrefix(key, role+" ") {
			continue
		}
		sb := b[key]
		ea, eb := sa.received(), sb.received()
		if sa.status != sb.status || strings.Join(ea, "\n") != strings.Join(eb, "\n") {
			out = append(out, fmt.Sprintf("%s\n    A: %d %s\n    B: %d %s", key, sa.status, clip(strings.Join(ea, " | ")), sb.status, clip(strings.Join(eb, " | "))))
		}
	}
	sort.Strings(out)
	return out
}

// TestDifferentialRealtime subscribes every role in A and in its B_role, runs the same writes
// on both sides, and compares what each subscription received.
func TestDifferentialRealtime(t *testing.T) {
	// the writes keep each pair a pair (they differ only where the role may not read), so the
	// worlds are the ones the other tests read
	p := worlds(t)
	a, bs := p.a, p.bs
	defer func() {
		// the writes stamped records with the instant of each side's save: make the times
		// equal again for the other tests
		for _, w := range append([]*world{a}, p.bOrdered()...) {
			w.normalize(t)
		}
	}()
	aSide, aAll := a.subscribeAll(t, roles)
	bSides := map[string]realtimeSide{}
	var bAll []*subscriber
	for _, role := range roles {
		side, all := bs[role].subscribeAll(t, []string{role})
		bSides[role] = side
		bAll = append(bAll, all...)
	}
	a.run(t, realtimeSteps, aAll)
	for _, role := range roles {
		bs[role].run(t, realtimeSteps, bAll)
	}
	var diffs []string
	for _, role := range roles {
		diffs = append(diffs, compareRealtime(aSide, bSides[role], role)...)
	}
	if len(diffs) > 0 {
		t.Errorf("%d of %d subscriptions received different events in A and B:\n%s", len(diffs), len(aAll), strings.Join(diffs, "\n"))
	}
	for _, s := range aAll {
		if s.status != 204 && s.status != 400 {
			t.Errorf("%s subscribing to %s: status %d", s.role, s.sub, s.status)
		}
	}

	t.Run("lost sight", func(t *testing.T) {
		a.run(t, []realtimeStep{lostSightStep}, aAll)
		for _, role := range roles {
			bs[role].run(t, []realtimeStep{lostSightStep}, bAll)
		}
		var diffs []string
		for _, role := range roles {
			diffs = append(diffs, compareRealtime(aSide, bSides[role], role)...)
		}
		if len(diffs) > 0 {
			t.Errorf("lost-sight delete: %d subscriptions received different events in A and B, first:\n%s",
				len(diffs), diffs[0])
		}
	})
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
