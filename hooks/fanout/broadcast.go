package fanout

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/routine"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// fanout sends the realtime events of the collections Folio models, one committed record at a
// time, from its own goroutine: a save or a delete returns without waiting for its subscribers,
// and the events of successive writes leave in the order they committed.
type fanout struct {
	// app is the application outside any transaction: a delete reads through it what the
	// record's subscribers could read before it (the committed state), as PocketBase does.
	app core.App
	// slow holds the ids of the clients left to PocketBase's broadcast.
	slow sync.Map
	// relational holds the ids of the clients the fan-out sends to that filter one of its
	// collections through a relation or the caller: a delete decides their filters before the
	// records they reach may be gone.
	relational sync.Map
	// deletes holds what a delete kept (*kept) by its record until it commits or fails;
	// deleting holds the audience of each page being deleted, for the records it takes along.
	deletes, deleting sync.Map
	queue             chan *event
	once              sync.Once
	done              chan struct{}
}

// queueSize bounds the records waiting to be sent; a save that finds the queue full waits.
const queueSize = 1024

func newFanout(app core.App) *fanout {
	return &fanout{app: app, queue: make(chan *event, queueSize), done: make(chan struct{})}
}

// event is one committed record to send, with PocketBase's broadcast for the subscribers the
// fan-out leaves to it. A delete carries what was read before the record was gone.
type event struct {
	app              core.App
	action           string
	record           *core.Record
	leftToPocketBase *subscriptions.Broker
	kept             *kept
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
	f.broadcast(ev, time.Now())
}

// subscription is one client subscription the record's topics match.
type subscription struct {
	client subscriptions.Client
	auth   *core.Record
	name   string
	opts   subscriptions.SubscriptionOptions
}

// topicsOf are the subscription prefixes PocketBase's broadcast matches for record.
func topicsOf(record *core.Record) []string {
	col := record.Collection()
	return []string{
		col.Name + "/" + record.Id + "?", col.Id + "/" + record.Id + "?",
		col.Name + "/*?", col.Id + "/*?", col.Name + "?", col.Id + "?",
	}
}

// broadcast sends ev's record to every subscription that may read it, except those of the
// clients left to PocketBase: it decides the read rule once per page and each subscriber by a
// lookup, a filter on the record's own fields once, any other filter once per caller, and builds
// each distinct payload once. The clients are split among GOMAXPROCS workers, each deciding and
// handing over its share. A subscriber it cannot decide that way (a membership it does not
// model, a page it cannot read, a client subscribed from Go code with an expand or as another
// kind of caller) is decided by PocketBase's rule check, one query each, and its payload built
// by PocketBase's enrich and expand. Such a client, not already left to PocketBase (it was
// subscribed from Go code, without the realtime route), is left to PocketBase from then on.
func (f *fanout) broadcast(ev *event, now time.Time) {
	app := ev.app
	broker := app.SubscriptionsBroker()
	total := broker.TotalClients()
	if total == 0 {
		return
	}
	var skipped map[string]bool
	if skip := ev.leftToPocketBase; skip != nil && skip.TotalClients() > 0 {
		skipped = make(map[string]bool, skip.TotalClients())
		for id := range skip.Clients() {
			skipped[id] = true
		}
	}
	d := newDecider(ev, now)
	topics := topicsOf(ev.record)
	workers := runtime.GOMAXPROCS(0)
	chunks := broker.ChunkedClients((total + workers - 1) / workers)
	slow := make([][]subscription, len(chunks))
	var wg sync.WaitGroup
	for i, chunk := range chunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// this worker's payloads by view and fields, so that it takes the shared lock
			// once per distinct payload
			payloads := map[[2]string][]byte{}
			sent := int64(0)
			defer func() { fastSends.Add(sent) }()
			for _, client := range chunk {
				if skipped[client.Id()] {
					continue
				}
				matched := matching(client, topics)
				if len(matched) == 0 {
					continue
				}
				auth, _ := client.Get(apis.RealtimeClientAuthKey).(*core.Record)
				isFast := fastOptions(auth, matched)
				if !isFast {
					f.slow.Store(client.Id(), true)
				}
				for name, opts := range matched {
					s := subscription{client: client, auth: auth, name: name, opts: opts}
					if !isFast {
						slow[i] = append(slow[i], s)
						continue
					}
					visible, key, ok := d.decide(s)
					if !ok {
						slow[i] = append(slow[i], s)
						continue
					}
					if !visible {
						continue
					}
					pk := [2]string{key, s.opts.Query[fieldsParam]}
					data, known := payloads[pk]
					if !known {
						data = d.payload(key, s.auth, pk[1])
						payloads[pk] = data
					}
					if data != nil {
						sent++
						deliver(client, subscriptions.Message{Name: name, Data: data})
					}
				}
			}
		}()
	}
	wg.Wait()
	// one view per subscriber here: its payload may depend on who it is
	for _, part := range slow {
		for _, s := range part {
			if d.slowAccess(s) {
				if data := d.slowPayload(s); data != nil {
					deliver(s.client, subscriptions.Message{Name: s.name, Data: data})
				}
			}
		}
	}
}

// matching is client.Subscriptions(topics...) with one pass over the client's subscriptions
// instead of one per topic, and no map for a client that matches none (most, on a busy
// server with many collections).
func matching(client subscriptions.Client, topics []string) map[string]subscriptions.SubscriptionOptions {
	var out map[string]subscriptions.SubscriptionOptions
	for sub, opts := range client.Subscriptions() {
		for _, t := range topics {
			if matchesTopic(sub, t) {
				if out == nil {
					out = make(map[string]subscriptions.SubscriptionOptions, 1)
				}
				out[sub] = opts
				break
			}
		}
	}
	return out
}

// matchesTopic is PocketBase's strings.HasPrefix(sub+"?", topic) for a topic ending in "?",
// without building the string.
func matchesTopic(sub, topic string) bool {
	return strings.HasPrefix(sub, topic) || sub == topic[:len(topic)-1]
}

// deliver hands msg to client: directly when its connection is waiting for a message (most
// are), from a goroutine of its own otherwise, as PocketBase does, so that a slow reader holds
// up no one.
func deliver(client subscriptions.Client, msg subscriptions.Message) {
	if client.IsDiscarded() {
		return
	}
	if handed(client.Channel(), msg) {
		return
	}
	routine.FireAndForget(func() { client.Send(msg) })
}

// handed sends msg on ch if a receiver is ready; a channel closed meanwhile (a client discarded)
// takes nothing.
func handed(ch chan subscriptions.Message, msg subscriptions.Message) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = true
		}
	}()
	select {
	case ch <- msg:
		return true
	default:
		return false
	}
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
