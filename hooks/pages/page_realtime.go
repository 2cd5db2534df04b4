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

	"folio/hooks/internal/keptrow"
	"folio/hooks/internal/pageaudience"
	"folio/hooks/schema"
)

// PocketBase checks a collection's rules when it broadcasts a save, but only against the
// record's new state: a client that loses sight of a page (unpublished, back to draft, out of
// its window) is sent nothing, and its list keeps showing the page. Folio sends such clients
// the delete PocketBase would send had the page been deleted.
//
// Nothing of this runs per subscriber inside the page's transaction. The save only keeps the
// row as it was stored before it (one read, no rules); once the save has committed, a goroutine
// decides, for each subscriber, the rules against that kept row (who saw the page) and against
// the stored page (who still sees it) — from the space's memberships, read once, while the rules
// are Folio's own. The delete carries the page as the reader
// last saw it, never the new hidden state, and no expand.

// lostSight is what a save that takes a page out of its readers' sight keeps until it commits:
// the page as it was stored before, as a record (the delete's payload) and as raw column values
// (for evaluating the rules against that state), and the moment to read @now as for it.
type lostSight struct {
	before *core.Record
	row    dbx.Params
	at     time.Time
}

// hiddenBySave holds, for a page being saved, what watchVisibility kept, until the save is
// committed or fails.
var hiddenBySave sync.Map

// watchVisibility runs inside a page update, before the write: when the save takes the page
// out of its viewers' sight (back to draft, publish_at moved ahead, unpublish_at moved back,
// render set to "never") and someone is subscribed to pages, it keeps the page as stored before
// the save. It reads one row and evaluates no rule.
func watchVisibility(app core.App, r, head *core.Record) {
	now := time.Now()
	if !pageaudience.Live(head, now) || pageaudience.Live(r, now) || !hasPageSubscribers(app, head.Collection()) {
		return
	}
	row, err := storedRow(app, head)
	if err != nil {
		app.Logger().Warn("Failed to keep a page's state for its realtime readers", "error", err, "page", head.Id)
		return
	}
	hiddenBySave.Store(r, &lostSight{before: head.Fresh(), row: row, at: now})
}

// onPageAfterUpdateSuccess runs once a page update is committed and tells the clients that
// lost sight of the page, from a goroutine: the writer is not held for its subscribers.
func onPageAfterUpdateSuccess(e *core.RecordEvent) error {
	if v, ok := hiddenBySave.LoadAndDelete(e.Record); ok {
		go loseSight(e.App, e.Record.Collection(), e.Record.Id, v.(*lostSight), time.Now())
	}
	return e.Next()
}

// onPageAfterUpdateError forgets what watchVisibility kept for a save that failed.
func onPageAfterUpdateError(e *core.RecordErrorEvent) error {
	hiddenBySave.Delete(e.Record)
	return e.Next()
}

// hasPageSubscribers reports whether any realtime client is subscribed to col's records.
func hasPageSubscribers(app core.App, col *core.Collection) bool {
	prefixes := []string{col.Name + "/", col.Id + "/", col.Name + "?", col.Id + "?"}
	for _, client := range app.SubscriptionsBroker().Clients() {
		if len(client.Subscriptions(prefixes...)) > 0 {
			return true
		}
	}
	return false
}

// storedRow reads page's row as stored, each column with its SQLite type.
func storedRow(app core.App, page *core.Record) (dbx.Params, error) {
	return keptrow.Read(app, page.Collection(), page.Id)
}

// loseSight sends a delete event, carrying the page as it was before, to each subscription
// that saw the page in its kept state and does not see it as stored now. While the pages rules
// are Folio's own, the rule is decided for every subscriber from the space's memberships (read
// once) and the page's two states; a filter on the page's own fields is evaluated once per
// state, any other filter once per caller and state. Other subscribers (superusers, a rule
// changed in the dashboard) are decided by the rules' queries, once per caller, rule and options.
func loseSight(app core.App, col *core.Collection, id string, kept *lostSight, now time.Time) {
	// It runs after the save, possibly while the app shuts down: stop quietly then, and never
	// take the server down from this goroutine.
	defer func() {
		if r := recover(); r != nil && app.IsBootstrapped() {
			app.Logger().Error("Failed to tell realtime readers that a page went out of their sight", "page", id, "panic", r)
		}
	}()
	topics := map[string]*string{
		col.Name + "/" + id + "?": col.ViewRule, col.Id + "/" + id + "?": col.ViewRule,
		col.Name + "/*?": col.ListRule, col.Id + "/*?": col.ListRule, col.Name + "?": col.ListRule, col.Id + "?": col.ListRule,
	}
	fast := newLostSightAudience(app, col, id, kept, now)
	decided := map[string]bool{}
	for _, client := range app.SubscriptionsBroker().Clients() {
		if !app.IsBootstrapped() {
			return
		}
		auth, _ := client.Get(apis.RealtimeClientAuthKey).(*core.Record)
		for prefix, rule := range topics {
			for sub, opts := range client.Subscriptions(prefix) {
				info := &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: "GET", Query: opts.Query, Headers: opts.Headers, Auth: auth}
				lost, ok := fast.lost(info)
				if !ok {
					key := audienceKey(auth, rule, opts)
					if lost, ok = decided[key]; !ok {
						lost = canSeeAt(app, col, id, kept.row, info, rule, kept.at) && !canSeeAt(app, col, id, nil, info, rule, now)
						decided[key] = lost
					}
				}
				if lost {
					sendDelete(app, client, sub, kept.before)
				}
			}
		}
	}
}

// lostSightAudience decides, without a query per subscriber, who saw a page in its kept state
// and no longer sees it; nil when the pages rules are not the ones pageaudience models.
type lostSightAudience struct {
	app                 core.App
	col                 *core.Collection
	id                  string
	row                 dbx.Params
	space               *pageaudience.Space
	liveBefore, liveNow bool
	filters             map[string]bool
}

func newLostSightAudience(app core.App, col *core.Collection, id string, kept *lostSight, now time.Time) *lostSightAudience {
	if !pageaudience.ModelledRule(col) {
		return nil
	}
	current, err := app.FindRecordById(col, id)
	if err != nil {
		return nil
	}
	space, err := pageaudience.LoadSpace(app, kept.before.GetString(schema.PageSpace))
	if err != nil || current.GetString(schema.PageSpace) != kept.before.GetString(schema.PageSpace) {
		return nil
	}
	return &lostSightAudience{app: app, col: col, id: id, row: kept.row, space: space,
		liveBefore: pageaudience.Live(kept.before, kept.at), liveNow: pageaudience.Live(current, now), filters: map[string]bool{}}
}

// lost reports whether info's caller saw the page and no longer does, and whether a decided it.
func (a *lostSightAudience) lost(info *core.RequestInfo) (lost, ok bool) {
	if a == nil || !pageaudience.Modelled(info.Auth) {
		return false, false
	}
	saw, _, ok1 := a.space.Decide(a.liveBefore, info.Auth)
	sees, _, ok2 := a.space.Decide(a.liveNow, info.Auth)
	if !ok1 || !ok2 {
		return false, false
	}
	filter := info.Query[search.FilterQueryParam]
	if !saw || filter == "" {
		return saw && !sees, true
	}
	saw = a.holds(info, filter, a.row)
	if saw && sees {
		sees = a.holds(info, filter, nil)
	}
	return saw && !sees, true
}

// holds evaluates a subscription's filter on the page as stored (row nil) or on row, once per
// filter when it names the page's own fields only and once per caller and options otherwise.
func (a *lostSightAudience) holds(info *core.RequestInfo, filter string, row dbx.Params) bool {
	key := filter
	if strings.ContainsAny(filter, "@.") {
		// it may read the caller and the subscription's other options
		k, _ := json.Marshal([]any{info.Auth != nil, authID(info.Auth), info.Query, info.Headers})
		key = string(k)
	}
	if row != nil {
		key = "before\x00" + key
	}
	if v, ok := a.filters[key]; ok {
		return v
	}
	v := keptrow.Matches(a.app, a.col, a.id, row, core.NewRecordFieldResolver(a.app, a.col, info, false), filter)
	a.filters[key] = v
	return v
}

// audienceKey identifies what a visibility decision depends on: the caller, the rule and the
// subscription's options (its filter, and any query or header a rule may read).
func audienceKey(auth *core.Record, rule *string, opts subscriptions.SubscriptionOptions) string {
	k := struct {
		Auth, Rule string
		Nil        bool
		Q, H       map[string]string
	}{Q: opts.Query, H: opts.Headers, Nil: rule == nil}
	if auth != nil {
		k.Auth = auth.Collection().Id + "/" + auth.Id
	}
	if rule != nil {
		k.Rule = *rule
	}
	raw, _ := json.Marshal(k)
	return string(raw)
}

// canSeeAt evaluates rule for the client as of time at, then the client's own subscription
// filter, as PocketBase's realtime broadcast does — against the page as stored, or, when row is
// given, against that row in its place.
func canSeeAt(app core.App, col *core.Collection, id string, row dbx.Params, info *core.RequestInfo, rule *string, at time.Time) bool {
	if info.HasSuperuserAuth() {
		return true
	}
	if rule == nil {
		return false
	}
	if *rule != "" {
		stamp, _ := types.ParseDateTime(at.UTC())
		r := strings.ReplaceAll(*rule, "@now", `"`+stamp.String()+`"`)
		if !keptrow.Matches(app, col, id, row, core.NewRecordFieldResolver(app, col, info, true), r) {
			return false
		}
	}
	filter := info.Query[search.FilterQueryParam]
	return filter == "" || keptrow.Matches(app, col, id, row, core.NewRecordFieldResolver(app, col, info, false), filter)
}

// sendDelete sends the client the message PocketBase sends on a record delete, with page as the
// client may see it (OnRecordEnrich hooks run for the client) and nothing expanded.
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

func authID(auth *core.Record) string {
	if auth == nil {
		return ""
	}
	return auth.Collection().Id + "/" + auth.Id
}
