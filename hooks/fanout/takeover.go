package fanout

import (
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// PocketBase binds its realtime broadcast to the model hooks, which run after the record hooks
// (the record hooks run inside PocketBase's own model hook, and the model hook's handlers that
// follow it run once the record hooks are done). So the fan-out's record hook, the last one,
// queues the record for Folio's fan-out and lets the model hooks continue with an app whose
// subscriptions broker holds only the clients left to PocketBase: PocketBase's broadcast,
// unchanged, reaches them and no one else. A delete does the same in the record's delete hook,
// where PocketBase's model hook decides a delete's subscribers (delete.go). Every other
// collection never meets the fan-out.

// onRecordAfterSuccess hands a committed record of a modelled collection to the fan-out.
func (f *fanout) onRecordAfterSuccess(e *core.RecordEvent, action string) error {
	col := e.Record.Collection()
	if !modelledRule(col) {
		return e.Next()
	}
	clients := e.App.SubscriptionsBroker()
	if clients.TotalClients() == 0 {
		return e.Next()
	}
	left := f.leftBroker(clients)
	f.enqueue(&event{app: e.App, action: action, record: e.Record.Fresh(), leftToPocketBase: left})
	app := e.App
	e.App = brokerApp{App: app, broker: left}
	defer func() { e.App = app }()
	return e.Next()
}

// leftBroker is a broker of the clients of clients left to PocketBase.
func (f *fanout) leftBroker(clients *subscriptions.Broker) *subscriptions.Broker {
	left := subscriptions.NewBroker()
	f.slow.Range(func(id, _ any) bool {
		if c, err := clients.ClientById(id.(string)); err == nil {
			left.Register(c)
		} else {
			f.slow.Delete(id)
		}
		return true
	})
	return left
}

// brokerApp is app with another subscriptions broker: PocketBase's broadcast run over it reaches
// that broker's clients only.
type brokerApp struct {
	core.App
	broker *subscriptions.Broker
}

// SubscriptionsBroker returns the broker of the clients left to PocketBase.
func (a brokerApp) SubscriptionsBroker() *subscriptions.Broker { return a.broker }

// onRealtimeSubscribeRequest notes, once a client's subscriptions are set, whether the fan-out
// models all of them; a client it does not is left to PocketBase for every modelled collection.
func (f *fanout) onRealtimeSubscribeRequest(e *core.RealtimeSubscribeRequestEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	subs := modelledSubscriptions(e.App, e.Client.Subscriptions())
	if fastOptions(e.Auth, subs) {
		f.slow.Delete(e.Client.Id())
	} else {
		f.slow.Store(e.Client.Id(), true)
	}
	if relationalFilters(subs) {
		f.relational.Store(e.Client.Id(), true)
	} else {
		f.relational.Delete(e.Client.Id())
	}
	return nil
}

// modelledSubscriptions are those of subs whose topic names a collection the fan-out sends for.
func modelledSubscriptions(app core.App, subs map[string]subscriptions.SubscriptionOptions) map[string]subscriptions.SubscriptionOptions {
	out := map[string]subscriptions.SubscriptionOptions{}
	for sub, opts := range subs {
		name := sub
		if i := strings.IndexAny(name, "/?"); i >= 0 {
			name = name[:i]
		}
		c, err := app.FindCachedCollectionByNameOrId(name)
		if err == nil && slices.Contains(modelled, c.Name) {
			out[sub] = opts
		}
	}
	return out
}
