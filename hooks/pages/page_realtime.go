package pages

import (
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
	"github.com/pocketbase/pocketbase/tools/types"
)

// audience maps each realtime client to the subscriptions through which it may see a page.
type audience map[subscriptions.Client][]string

// pageAudience lists who may see page, as it is stored, through realtime subscriptions to the
// pages collection — with @now in the API rules read as at. PocketBase checks the same rules
// when it broadcasts a save, but only against the page's new state: a client that loses sight
// of a page (unpublished, back to draft, out of its window) is sent nothing, and its list
// keeps showing the page. Comparing the audience before and after such a change finds those
// clients; loseSight sends them the delete PocketBase would send had the page been deleted.
func pageAudience(app core.App, page *core.Record, at time.Time) audience {
	out := audience{}
	clients := app.SubscriptionsBroker().Clients()
	if len(clients) == 0 {
		return out
	}
	col := page.Collection()
	topics := map[string]*string{
		col.Name + "/" + page.Id + "?": col.ViewRule, col.Id + "/" + page.Id + "?": col.ViewRule,
		col.Name + "/*?": col.ListRule, col.Id + "/*?": col.ListRule, col.Name + "?": col.ListRule, col.Id + "?": col.ListRule,
	}
	for _, client := range clients {
		auth, _ := client.Get(apis.RealtimeClientAuthKey).(*core.Record)
		for prefix, rule := range topics {
			for sub, opts := range client.Subscriptions(prefix) {
				info := &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: "GET", Query: opts.Query, Headers: opts.Headers, Auth: auth}
				if canSeeAt(app, page, info, rule, at) {
					out[client] = append(out[client], sub)
				}
			}
		}
	}
	return out
}

// canSeeAt evaluates rule for the client as of time at, then the client's own subscription
// filter, as PocketBase's realtime broadcast does.
func canSeeAt(app core.App, page *core.Record, info *core.RequestInfo, rule *string, at time.Time) bool {
	if rule != nil && *rule != "" {
		stamp, _ := types.ParseDateTime(at.UTC())
		r := strings.ReplaceAll(*rule, "@now", `"`+stamp.String()+`"`)
		rule = &r
	}
	if ok, _ := app.CanAccessRecord(page, info, rule); !ok {
		return false
	}
	filter := info.Query[search.FilterQueryParam]
	if filter == "" || info.HasSuperuserAuth() {
		return true
	}
	resolver := core.NewRecordFieldResolver(app, page.Collection(), info, false)
	expr, err := search.FilterData(filter).BuildExpr(resolver)
	if err != nil {
		return false
	}
	q := app.ConcurrentDB().Select("(1)").From(page.Collection().Name).AndWhere(dbx.HashExp{page.Collection().Name + ".id": page.Id}).AndWhere(expr)
	if resolver.UpdateQuery(q) != nil {
		return false
	}
	var exists int
	return q.Limit(1).Row(&exists) == nil && exists > 0
}

// loseSight sends a delete event for page to the clients of before that no longer see it now.
func loseSight(app core.App, page *core.Record, before audience) {
	if len(before) == 0 {
		return
	}
	after := pageAudience(app, page, time.Now())
	for client, subs := range before {
		still := map[string]bool{}
		for _, s := range after[client] {
			still[s] = true
		}
		for _, sub := range subs {
			if !still[sub] {
				sendDelete(app, client, sub, page)
			}
		}
	}
}

// sendDelete sends the client the message PocketBase sends on a record delete, enriched the
// same way (OnRecordEnrich hooks run for the client).
func sendDelete(app core.App, client subscriptions.Client, sub string, page *core.Record) {
	auth, _ := client.Get(apis.RealtimeClientAuthKey).(*core.Record)
	record := page.Fresh()
	info := &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: "GET", Auth: auth}
	if err := app.OnRecordEnrich().Trigger(&core.RecordEnrichEvent{App: app, Record: record, RequestInfo: info}); err != nil {
		return
	}
	data, err := json.Marshal(map[string]any{"action": "delete", "record": record})
	if err != nil {
		return
	}
	go client.Send(subscriptions.Message{Name: sub, Data: data})
}

// hiddenBySave holds, for a page being saved, who saw it before a save that hides it from
// some readers, until the save is committed.
var hiddenBySave sync.Map

// watchVisibility runs inside a page update, before the write: when the save takes the page
// out of its viewers' sight (back to draft, publish_at moved ahead, unpublish_at moved back),
// it records who sees it now.
func watchVisibility(app core.App, r, head *core.Record) {
	now := time.Now()
	if !isLive(head, now) || isLive(r, now) {
		return
	}
	if before := pageAudience(app, head, now); len(before) > 0 {
		hiddenBySave.Store(r, before)
	}
}

// onPageAfterUpdateSuccess runs once a page update is committed and tells the clients that
// lost sight of the page.
func onPageAfterUpdateSuccess(e *core.RecordEvent) error {
	if before, ok := hiddenBySave.LoadAndDelete(e.Record); ok {
		loseSight(e.App, e.Record, before.(audience))
	}
	return e.Next()
}

// onPageAfterUpdateError forgets what watchVisibility recorded for a save that failed.
func onPageAfterUpdateError(e *core.RecordErrorEvent) error {
	hiddenBySave.Delete(e.Record)
	return e.Next()
}
