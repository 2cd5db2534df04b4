package fanout

import (
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/picker"
	"github.com/pocketbase/pocketbase/tools/routine"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"folio/hooks/internal/pageaudience"
	"folio/hooks/schema"
)

// fanout sends the realtime events of the collections Folio models, one committed record at a
// time, from its own goroutine: a save returns without waiting for its subscribers, and the
// events of successive saves leave in the order the saves committed.
type fanout struct {
	// slow holds the ids of the clients left to PocketBase's broadcast.
	slow  sync.Map
	queue chan *event
	once  sync.Once
	done  chan struct{}
}

// queueSize bounds the records waiting to be sent; a save that finds the queue full waits.
const queueSize = 1024

func newFanout() *fanout {
	return &fanout{queue: make(chan *event, queueSize), done: make(chan struct{})}
}

// event is one committed record to send, with PocketBase's broadcast for the subscribers the
// fan-out leaves to it.
type event struct {
	app              core.App
	action           string
	record           *core.Record
	leftToPocketBase *subscriptions.Broker
}

func (f *fanout) enqueue(ev *event) {
	f.once.Do(func() { go f.run() })
	select {
	case f.queue <- ev:
	case <-f.done:
	}
}

func (f *fanout) stop() {
	select {
	case <-f.done:
	default:
		close(f.done)
	}
}

func (f *fanout) run() {
	for {
		select {
		case ev := <-f.queue:
			f.send(ev)
		case <-f.done:
			return
		}
	}
}

// send delivers ev to every subscriber of its record not left to PocketBase; it never panics the
// server.
func (f *fanout) send(ev *event) {
	defer func() {
		if r := recover(); r != nil && ev.app.IsBootstrapped() {
			ev.app.Logger().Error("Failed to send a record's realtime events", "collection", ev.record.Collection().Name, "id", ev.record.Id, "panic", r)
		}
	}()
	if !ev.app.IsBootstrapped() {
		return
	}
	broadcast(ev.app, ev.action, ev.record, ev.leftToPocketBase, time.Now())
}

// subscription is one client subscription the record's topics match.
type subscription struct {
	client subscriptions.Client
	auth   *core.Record
	name   string
	opts   subscriptions.SubscriptionOptions
}

// broadcast sends record's event to every subscription that may read it, except those of the
// clients in skip: it decides the read rule once per page and each subscriber by a lookup, a
// filter on the record's own fields once, any other filter once per caller, and builds each
// distinct payload once. A subscriber it cannot decide that way (a membership it does not
// model, a page it cannot read, an expand on a client subscribed without the realtime route)
// is decided by PocketBase's rule check, one query each, and sent without expand.
func broadcast(app core.App, action string, record *core.Record, skip *subscriptions.Broker, now time.Time) {
	col := record.Collection()
	topics := []string{
		col.Name + "/" + record.Id + "?", col.Id + "/" + record.Id + "?",
		col.Name + "/*?", col.Id + "/*?", col.Name + "?", col.Id + "?",
	}
	var skipped map[string]bool
	if skip != nil && skip.TotalClients() > 0 {
		skipped = make(map[string]bool, skip.TotalClients())
		for id := range skip.Clients() {
			skipped[id] = true
		}
	}
	var fast, slow []subscription
	for id, client := range app.SubscriptionsBroker().Clients() {
		if skipped[id] {
			continue
		}
		matched := client.Subscriptions(topics...)
		if len(matched) == 0 {
			continue
		}
		auth, _ := client.Get(apis.RealtimeClientAuthKey).(*core.Record)
		isFast := fastOptions(auth, matched)
		for name, opts := range matched {
			s := subscription{client: client, auth: auth, name: name, opts: opts}
			if isFast {
				fast = append(fast, s)
			} else {
				slow = append(slow, s)
			}
		}
	}
	if len(fast)+len(slow) == 0 {
		return
	}
	views := map[string]*view{}
	send := func(s subscription, key string) {
		v := views[key]
		if v == nil {
			v = newView(app, action, record, s.auth)
			views[key] = v
		}
		if data := v.payload(s.opts.Query[fieldsParam]); data != nil {
			if !strings.HasPrefix(key, "client:") {
				fastSends.Add(1)
			}
			msg := subscriptions.Message{Name: s.name, Data: data}
			client := s.client
			routine.FireAndForget(func() { client.Send(msg) })
		}
	}
	defer func() {
		// one view per subscriber here: its payload may depend on who it is
		for _, s := range slow {
			if canAccess(app, record, s) {
				send(s, "client:"+s.client.Id())
			}
		}
	}()

	aud, target, err := audiences(app, record, now)
	if err != nil {
		slow = append(slow, fast...)
		return
	}
	filters := map[string]bool{}
	for _, s := range fast {
		visible, key, ok := aud.decide(s.auth)
		if ok && target != nil {
			var seen bool
			if seen, _, ok = target.decide(s.auth); seen {
				key += "|target"
			}
		}
		if !ok {
			slow = append(slow, s)
			continue
		}
		if !visible {
			continue
		}
		if filter := s.opts.Query[search.FilterQueryParam]; filter != "" {
			if refusedQuery(s.opts.Query) {
				continue
			}
			// an own-fields filter holds or not for everyone; another one is decided per
			// caller (it may reach other collections through their rules)
			fkey := filter
			if !ownFieldsFilter(filter) {
				fkey = callerKey(s.auth) + "\x00" + filter
			}
			match, known := filters[fkey]
			if !known {
				var info *core.RequestInfo
				if !ownFieldsFilter(filter) {
					info = &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: "GET", Query: s.opts.Query, Headers: s.opts.Headers, Auth: s.auth}
				}
				match = matchesFilter(app, record, filter, info)
				filters[fkey] = match
			}
			if !match {
				continue
			}
		}
		send(s, key)
	}
}

// audiences loads what the read rule of record depends on: its page's audience and, for a
// page_links record, its target page's (what a client sees of the link depends on whether it
// may read the target).
func audiences(app core.App, record *core.Record, now time.Time) (aud, target *audience, err error) {
	page := record
	if field := pageField[record.Collection().Name]; field != "" {
		if page, err = app.FindRecordById(schema.CollectionPages, record.GetString(field)); err != nil {
			return nil, nil, err
		}
	}
	if aud, err = loadAudience(app, page, now); err != nil {
		return nil, nil, err
	}
	if record.Collection().Name == schema.CollectionPageLinks {
		if id := record.GetString(schema.PageLinkToPage); id != "" {
			if t, err := app.FindRecordById(schema.CollectionPages, id); err == nil {
				if target, err = loadAudience(app, t, now); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	return aud, target, nil
}

// canAccess is PocketBase's realtime access check: the collection's rule for the subscription's
// topic, then the subscription's own filter.
func canAccess(app core.App, record *core.Record, s subscription) bool {
	info := &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: "GET", Query: s.opts.Query, Headers: s.opts.Headers, Auth: s.auth}
	col := record.Collection()
	rule := col.ListRule
	if strings.Contains(s.name, "/"+record.Id) {
		rule = col.ViewRule
	}
	if ok, _ := app.CanAccessRecord(record, info, rule); !ok {
		return false
	}
	filter := s.opts.Query[search.FilterQueryParam]
	if filter == "" {
		return true
	}
	if !info.HasSuperuserAuth() && refusedQuery(s.opts.Query) {
		return false
	}
	return matchesFilter(app, record, filter, info)
}

// callerKey names a subscriber's auth record ("" for a guest).
func callerKey(auth *core.Record) string {
	if auth == nil {
		return ""
	}
	return auth.Collection().Id + "/" + auth.Id
}

// fastSends counts the messages sent on the fast path (tests read it).
var fastSends atomic.Int64

// The subscription options PocketBase's broadcast reads.
const (
	fieldsParam = "fields"
	expandParam = "expand"
)

// fastOptions reports whether every subscription of a client is one the fan-out sends itself:
// a guest or a users record, and no expand (an expand reads other collections by their own
// rules, for each client: PocketBase's broadcast does that).
func fastOptions(auth *core.Record, subs map[string]subscriptions.SubscriptionOptions) bool {
	if !pageaudience.Modelled(auth) {
		return false
	}
	for _, o := range subs {
		if o.Query[expandParam] != "" {
			return false
		}
	}
	return true
}

// ownFieldsFilter reports whether filter names only the record's own fields: no @ (request,
// collection, macros) and no dotted path (relations, back-relations). Its result is then the
// same for every client that may read the record.
func ownFieldsFilter(filter string) bool {
	return !strings.ContainsAny(filter, "@.")
}

// superuserOnlyFields are what PocketBase refuses in a non-superuser's filter or sort; a
// subscription that names one receives nothing.
var superuserOnlyFields = []string{"@collection.", "@request."}

// refusedQuery reports whether PocketBase refuses a non-superuser subscription's filter (it
// checks the filter and the sort once a filter is given).
func refusedQuery(q map[string]string) bool {
	for _, param := range []string{search.FilterQueryParam, search.SortQueryParam} {
		for _, f := range superuserOnlyFields {
			if strings.Contains(q[param], f) {
				return true
			}
		}
	}
	return false
}

// matchesFilter evaluates a subscription's filter against the stored record as PocketBase does,
// for the caller of info (nil for an own-fields filter, whose result is the same for everyone).
func matchesFilter(app core.App, record *core.Record, filter string, info *core.RequestInfo) bool {
	col := record.Collection()
	if info == nil {
		info = &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: "GET", Query: map[string]string{search.FilterQueryParam: filter}}
	}
	resolver := core.NewRecordFieldResolver(app, col, info, false)
	expr, err := search.FilterData(filter).BuildExpr(resolver)
	if err != nil {
		return false
	}
	db := app.ConcurrentDB()
	if db == nil {
		return false
	}
	q := db.Select("(1)").From(col.Name).AndWhere(dbx.HashExp{col.Name + ".id": record.Id}).AndWhere(expr)
	if resolver.UpdateQuery(q) != nil {
		return false
	}
	var exists int
	return q.Limit(1).Row(&exists) == nil && exists > 0
}

// view is the record as one kind of caller sees it (enrich hooks run once for it), and its
// messages, marshalled once per fields option.
type view struct {
	action string
	record *core.Record
	ok     bool
	data   map[string][]byte
}

func newView(app core.App, action string, record *core.Record, auth *core.Record) *view {
	clean := record.Fresh()
	info := &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: "GET", Auth: auth}
	err := app.OnRecordEnrich().Trigger(&core.RecordEnrichEvent{App: app, Record: clean, RequestInfo: info})
	return &view{action: action, record: clean, ok: err == nil, data: map[string][]byte{}}
}

// payload is the message data for a subscription with the fields option fields; nil when the
// record cannot be sent.
func (v *view) payload(fields string) []byte {
	if !v.ok {
		return nil
	}
	if b, ok := v.data[fields]; ok {
		return b
	}
	var rec any = v.record
	if fields != "" {
		if picked, err := picker.Pick(v.record, fields); err == nil {
			rec = picked
		}
	}
	b, err := json.Marshal(map[string]any{"action": v.action, "record": rec})
	if err != nil {
		b = nil
	}
	v.data[fields] = b
	return b
}
