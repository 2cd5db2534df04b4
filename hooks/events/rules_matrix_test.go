package events_test

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// The API-rule matrix of webhooks, deliveries, watches, notifications and
// notification_settings: every operation for a guest, a signed-in user in no space
// ("stranger"), the owner of another space ("outsider"), and each role of space docs.
//
// Fixtures: webhook "W" of docs with delivery "D"; watch "Wv" (viewer's) and "We" (editor's);
// notification "Nv" (viewer's) and "Ne" (editor's); notification settings "Sv" (viewer's).
// PocketBase answers a rule miss as: list filtered, view/update/delete 404, create 400, and a
// nil rule (superusers only) 403.
var matrixCallers = []string{"guest", "stranger", "outsider", "viewer", "editor", "admin", "owner"}

type cell struct {
	status int
	sees   []string
}

func sees(names ...string) cell { return cell{status: 200, sees: names} }
func status(code int) cell      { return cell{status: code} }

var (
	c200, c204, c400, c403, c404 = status(200), status(204), status(400), status(403), status(404)
)

type matrixRow struct {
	collection, op, target string
	want                   [7]cell // matrixCallers order
}

var eventsMatrix = []matrixRow{
	{"webhooks", "list", "", [7]cell{sees(), sees(), sees(), sees(), sees(), sees("W"), sees("W")}},
	{"webhooks", "view", "W", [7]cell{c404, c404, c404, c404, c404, c200, c200}},
	{"webhooks", "create", "docs", [7]cell{c400, c400, c400, c400, c400, c200, c200}},
	{"webhooks", "create", "other", [7]cell{c400, c400, c200, c400, c400, c400, c400}},
	{"webhooks", "update", "W", [7]cell{c404, c404, c404, c404, c404, c200, c200}},
	{"webhooks", "delete", "W", [7]cell{c404, c404, c404, c404, c404, c204, c204}},

	{"deliveries", "list", "", [7]cell{sees(), sees(), sees(), sees(), sees(), sees("D"), sees("D")}},
	{"deliveries", "view", "D", [7]cell{c404, c404, c404, c404, c404, c200, c200}},
	{"deliveries", "create", "W", [7]cell{c403, c403, c403, c403, c403, c403, c403}},
	{"deliveries", "update", "D", [7]cell{c403, c403, c403, c403, c403, c403, c403}},
	{"deliveries", "delete", "D", [7]cell{c403, c403, c403, c403, c403, c403, c403}},
	{"deliveries", "redeliver", "D", [7]cell{c401, c404, c404, c404, c404, c200, c200}},

	{"watches", "list", "", [7]cell{sees(), sees(), sees(), sees("Wv"), sees("We"), sees(), sees()}},
	{"watches", "view", "Wv", [7]cell{c404, c404, c404, c200, c404, c404, c404}},
	{"watches", "create", "self", [7]cell{c400, c400, c400, c200, c200, c200, c200}},
	{"watches", "create", "for-viewer", [7]cell{c400, c400, c400, c400, c400, c400, c400}},
	{"watches", "update", "Wv", [7]cell{c403, c403, c403, c403, c403, c403, c403}},
	{"watches", "delete", "Wv", [7]cell{c404, c404, c404, c204, c404, c404, c404}},

	{"notifications", "list", "", [7]cell{sees(), sees(), sees(), sees("Nv"), sees("Ne"), sees(), sees()}},
	{"notifications", "view", "Nv", [7]cell{c404, c404, c404, c200, c404, c404, c404}},
	{"notifications", "create", "self", [7]cell{c403, c403, c403, c403, c403, c403, c403}},
	{"notifications", "update", "Nv", [7]cell{c404, c404, c404, c200, c404, c404, c404}},
	{"notifications", "delete", "Nv", [7]cell{c404, c404, c404, c204, c404, c404, c404}},

	{"notification_settings", "list", "", [7]cell{sees(), sees(), sees(), sees("Sv"), sees(), sees(), sees()}},
	{"notification_settings", "view", "Sv", [7]cell{c404, c404, c404, c200, c404, c404, c404}},
	// One row per user: the viewer has one already.
	{"notification_settings", "create", "self", [7]cell{c400, c200, c200, c400, c200, c200, c200}},
	{"notification_settings", "create", "for-viewer", [7]cell{c400, c400, c400, c400, c400, c400, c400}},
	{"notification_settings", "update", "Sv", [7]cell{c404, c404, c404, c200, c404, c404, c404}},
	{"notification_settings", "delete", "Sv", [7]cell{c404, c404, c404, c204, c404, c404, c404}},
}

var c401 = status(401)

// matrixWorld is the fixture plus the named records the matrix acts on.
type matrixWorld struct {
	*fixture
	ids   map[string]string // fixture name → id
	page  *core.Record
	pages int
}

func newMatrixWorld(t *testing.T) *matrixWorld {
	f := newFixture(t)
	w := &matrixWorld{fixture: f, ids: map[string]string{}}
	w.page = f.page(t, "en", "guide", "# Guide\n")
	hook := f.webhook(t, "https://hooks.example.com/w")
	w.ids["W"] = hook.Id
	w.ids["D"] = testapp.CreateRecord(t, f.app, schema.CollectionDeliveries, map[string]any{
		schema.DeliveryWebhook: hook.Id, schema.DeliveryEvent: "e1", schema.DeliveryStatus: schema.DeliveryFailed}).Id
	for _, who := range []string{"viewer", "editor"} {
		w.ids["W"+who[:1]] = testapp.CreateRecord(t, f.app, schema.CollectionWatches, map[string]any{
			schema.WatchUser: f.users[who].Id, schema.WatchKind: schema.WatchKindPage, schema.WatchPage: w.page.Id}).Id
		w.ids["N"+who[:1]] = testapp.CreateRecord(t, f.app, schema.CollectionNotifications, map[string]any{
			schema.NotificationUser: f.users[who].Id, schema.NotificationSpace: f.spaces["docs"].Id,
			schema.NotificationPage: w.page.Id, schema.NotificationReason: schema.ReasonEdit}).Id
	}
	w.ids["Sv"] = testapp.CreateRecord(t, f.app, schema.CollectionNotificationSettings, map[string]any{
		schema.NotifySettingUser: f.users["viewer"].Id, schema.NotifySettingEmail: schema.EmailDaily}).Id
	return w
}

func TestEventsRulesMatrix(t *testing.T) {
	w := newMatrixWorld(t)
	for _, row := range eventsMatrix {
		for i, caller := range matrixCallers {
			got := w.run(t, row, caller)
			want := row.want[i]
			if got.status != want.status || (row.op == "list" && !slices.Equal(got.sees, want.sees)) {
				t.Errorf("%s %s %s as %s: got %d %v, want %d %v", row.collection, row.op, row.target, caller,
					got.status, got.sees, want.status, want.sees)
			}
		}
	}
}

func (w *matrixWorld) run(t *testing.T, row matrixRow, caller string) cell {
	base := "/api/collections/" + row.collection + "/records"
	var res testapp.Response
	switch row.op {
	case "list":
		res = w.do(t, http.MethodGet, base+"?perPage=200", caller, nil)
		if res.Status != 200 {
			return cell{status: res.Status}
		}
		names := map[string]string{}
		for name, id := range w.ids {
			names[id] = name
		}
		out := []string{}
		items, _ := res.Body["items"].([]any)
		for _, it := range items {
			id, _ := it.(map[string]any)["id"].(string)
			out = append(out, names[id])
		}
		sort.Strings(out)
		return cell{status: 200, sees: out}
	case "view":
		res = w.do(t, http.MethodGet, base+"/"+w.ids[row.target], caller, nil)
	case "update":
		res = w.do(t, http.MethodPatch, base+"/"+w.fresh(t, row.target), caller, w.updateBody(row.collection))
	case "delete":
		res = w.do(t, http.MethodDelete, base+"/"+w.fresh(t, row.target), caller, nil)
	case "create":
		res = w.do(t, http.MethodPost, base, caller, w.createBody(row.collection, row.target, caller))
	case "redeliver":
		res = w.do(t, http.MethodPost, "/api/folio/deliveries/"+w.ids[row.target]+"/redeliver", caller, nil)
	}
	return cell{status: res.Status}
}

// fresh returns the id of a new record made like fixture name, for an update or delete that
// must not change the shared fixtures (webhook W, delivery D, watch Wv, notification Nv,
// settings Sv: the viewer's one row is made anew).
func (w *matrixWorld) fresh(t *testing.T, name string) string {
	f, viewer := w.fixture, w.users["viewer"].Id
	switch name {
	case "W", "fresh":
		return f.webhook(t, "https://hooks.example.com/fresh").Id
	case "D":
		w.pages++
		return testapp.CreateRecord(t, f.app, schema.CollectionDeliveries, map[string]any{
			schema.DeliveryWebhook: w.ids["W"], schema.DeliveryEvent: fmt.Sprintf("e-fresh-%d", w.pages), schema.DeliveryStatus: schema.DeliveryFailed}).Id
	case "Wv":
		w.pages++
		p := f.page(t, "en", fmt.Sprintf("fresh/%d", w.pages), "# Fresh\n")
		return testapp.CreateRecord(t, f.app, schema.CollectionWatches, map[string]any{
			schema.WatchUser: viewer, schema.WatchKind: schema.WatchKindPage, schema.WatchPage: p.Id}).Id
	case "Nv":
		return testapp.CreateRecord(t, f.app, schema.CollectionNotifications, map[string]any{
			schema.NotificationUser: viewer, schema.NotificationPage: w.page.Id, schema.NotificationReason: schema.ReasonEdit}).Id
	case "Sv":
		if old, err := f.app.FindFirstRecordByData(schema.CollectionNotificationSettings, schema.NotifySettingUser, viewer); err == nil {
			if err := f.app.Delete(old); err != nil {
				t.Fatal(err)
			}
		}
		return testapp.CreateRecord(t, f.app, schema.CollectionNotificationSettings, map[string]any{
			schema.NotifySettingUser: viewer, schema.NotifySettingEmail: schema.EmailDaily}).Id
	}
	t.Fatalf("no fresh %s", name)
	return ""
}

func (w *matrixWorld) updateBody(collection string) map[string]any {
	switch collection {
	case "webhooks":
		return map[string]any{"description": "changed"}
	case "notifications":
		return map[string]any{"read": true}
	case "notification_settings":
		return map[string]any{"email": "off"}
	}
	return map[string]any{"kind": "space"}
}

func (w *matrixWorld) createBody(collection, target, caller string) map[string]any {
	user := ""
	if u := w.users[caller]; u != nil {
		user = u.Id
	}
	if target == "for-viewer" {
		user = w.users["viewer"].Id
	}
	switch collection {
	case "webhooks":
		return map[string]any{"space": w.spaces[target].Id, "url": fmt.Sprintf("https://hooks.example.com/%s", caller)}
	case "deliveries":
		return map[string]any{"webhook": w.ids["W"], "event": "x", "status": "pending"}
	case "watches":
		return map[string]any{"user": user, "kind": "space", "space": w.spaces["docs"].Id}
	case "notifications":
		return map[string]any{"user": user, "reason": "edit"}
	}
	return map[string]any{"user": user, "email": "daily"}
}

// TestNotificationRealtimeReachesOnlyItsUser subscribes a realtime client per caller to the
// notifications collection and writes one notification for the viewer: only the viewer's
// client hears of it.
func TestNotificationRealtimeReachesOnlyItsUser(t *testing.T) {
	f := newFixture(t)
	f.handler(t) // binds PocketBase's realtime events
	p := f.page(t, "en", "guide", "# Guide\n")
	clients := map[string]*subscriptions.DefaultClient{}
	for _, caller := range matrixCallers {
		c := subscriptions.NewDefaultClient()
		if u := f.users[caller]; u != nil {
			c.Set(apis.RealtimeClientAuthKey, u)
		}
		c.Subscribe(schema.CollectionNotifications + "/*") // what the SDK's subscribe('*') sends
		f.app.SubscriptionsBroker().Register(c)
		clients[caller] = c
	}
	if res := f.watch(t, "viewer", map[string]any{"kind": "page", "page": p.Id}); res.Status != 200 {
		t.Fatal(res.Status, string(res.Raw))
	}
	f.edit(t, "editor", p, "# Guide\n\nNew.\n")
	f.notes(t)
	deadline := time.After(2 * time.Second)
	got := map[string]int{}
	for done := false; !done; {
		select {
		case <-deadline:
			done = true
		default:
			for caller, c := range clients {
				select {
				case <-c.Channel():
					got[caller]++
				default:
				}
			}
			if got["viewer"] > 0 {
				time.Sleep(200 * time.Millisecond) // let any misdelivery arrive too
				for caller, c := range clients {
					select {
					case <-c.Channel():
						got[caller]++
					default:
					}
				}
				done = true
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if got["viewer"] != 1 || len(got) != 1 {
		t.Fatalf("realtime messages per caller: %v, want only the viewer's one", got)
	}
}
