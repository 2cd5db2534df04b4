package fanout

import (
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"folio/hooks/internal/keptrow"
	"folio/hooks/schema"
)

// decider decides one event for all its subscribers: the read rule from the audiences read once,
// each filter once per filter or per caller, each payload once per view. Its workers share it.
type decider struct {
	ev          *event
	aud, target *audience
	// audErr is set when the audience of a save could not be read: every subscriber then goes
	// to PocketBase's rule check.
	audErr error

	mu      sync.Mutex
	filters map[string]bool
	views   map[string]*view
}

func newDecider(ev *event, now time.Time) *decider {
	d := &decider{ev: ev, filters: map[string]bool{}, views: map[string]*view{}}
	if ev.kept != nil {
		d.aud, d.target = ev.kept.aud, ev.kept.target
	} else {
		d.aud, d.target, d.audErr = audiences(ev.app, ev.record, now)
	}
	return d
}

// decide reports whether the subscription's caller may read the record and its filter holds,
// the key of the view it is sent, and whether the fan-out could decide it at all.
func (d *decider) decide(s subscription) (visible bool, key string, ok bool) {
	if d.audErr != nil {
		return false, "", false
	}
	if d.aud == nil {
		// a delete of a record (or of a page's record) not committed before it: PocketBase's
		// rule check finds no row, so no one but a superuser is told
		return false, "", true
	}
	visible, key, ok = d.aud.decide(s.auth)
	if ok && d.target != nil {
		var seen bool
		if seen, _, ok = d.target.decide(s.auth); seen {
			key += "|target"
		}
	}
	if !ok || !visible {
		return false, "", ok
	}
	if filter := s.opts.Query[search.FilterQueryParam]; filter != "" {
		if refusedQuery(s.opts.Query) || !d.filter(s, filter) {
			return false, "", true
		}
	}
	return true, key, true
}

// filter evaluates a subscription's filter against the record: once for a filter on its own
// fields (the same for everyone who may read it), once per caller for any other (it may reach
// other collections through their rules). A delete evaluates it against the row kept before
// the record was gone, or takes the result decided then.
func (d *decider) filter(s subscription, filter string) bool {
	own := ownFieldsFilter(filter)
	key := filter
	if !own {
		key = callerKey(s.auth) + "\x00" + filter
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if match, known := d.filters[key]; known {
		return match
	}
	var match bool
	if k := d.ev.kept; k != nil && !own {
		if m, decided := k.filters[key]; decided {
			d.filters[key] = m
			return m
		}
	}
	var info *core.RequestInfo
	if !own {
		info = requestInfo(s)
	}
	match = d.matches(filter, info)
	d.filters[key] = match
	return match
}

// matches evaluates filter as PocketBase does, for the caller of info (nil for an own-fields
// filter, whose result is the same for everyone), against the stored record — or, for a delete,
// against the row kept before it.
func (d *decider) matches(filter string, info *core.RequestInfo) bool {
	var row dbx.Params
	if k := d.ev.kept; k != nil {
		if k.row == nil {
			return false
		}
		row = k.row
	}
	col := d.ev.record.Collection()
	if info == nil {
		info = &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: "GET", Query: map[string]string{search.FilterQueryParam: filter}}
	}
	return keptrow.Matches(d.ev.app, col, d.ev.record.Id, row, core.NewRecordFieldResolver(d.ev.app, col, info, false), filter)
}

// payload is the message data of the view key with the fields option fields, the view built on
// first use.
func (d *decider) payload(key string, auth *core.Record, fields string) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	v := d.views[key]
	if v == nil {
		v = newView(d.ev, auth, strings.HasSuffix(key, "|target"))
		d.views[key] = v
	}
	return v.payload(fields)
}

// slowAccess is PocketBase's realtime access check for a subscription the fast path does not
// decide: the collection's rule for the subscription's topic, then the subscription's own
// filter. For a delete, whose record is gone, the rule is decided from what was kept before it.
func (d *decider) slowAccess(s subscription) bool {
	info := requestInfo(s)
	record := d.ev.record
	col := record.Collection()
	rule := col.ListRule
	if strings.Contains(s.name, "/"+record.Id) {
		rule = col.ViewRule
	}
	if k := d.ev.kept; k != nil {
		switch {
		case info.HasSuperuserAuth():
		case rule == nil || d.aud == nil:
			return false
		default:
			// a guest or a user with an expand; any other caller's rule does not resolve
			visible, _, ok := d.aud.decide(s.auth)
			if !ok || !visible {
				return false
			}
		}
	} else if ok, _ := d.ev.app.CanAccessRecord(record, info, rule); !ok {
		return false
	}
	filter := s.opts.Query[search.FilterQueryParam]
	if filter == "" {
		return true
	}
	if !info.HasSuperuserAuth() && refusedQuery(s.opts.Query) {
		return false
	}
	if k := d.ev.kept; k != nil && !ownFieldsFilter(filter) {
		if m, decided := k.filters[callerKey(s.auth)+"\x00"+filter]; decided {
			return m
		}
	}
	return d.matches(filter, info)
}

// slowPayload is the message data for a subscription decided by slowAccess: PocketBase's enrich
// (and expand) for its caller alone.
func (d *decider) slowPayload(s subscription) []byte {
	seen := false
	if d.target != nil {
		seen, _, _ = d.target.decide(s.auth)
	}
	if s.opts.Query[expandParam] != "" {
		return expandedPayload(d.ev, s, seen)
	}
	return newView(d.ev, s.auth, seen).payload(s.opts.Query[fieldsParam])
}

func requestInfo(s subscription) *core.RequestInfo {
	return &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: "GET", Query: s.opts.Query, Headers: s.opts.Headers, Auth: s.auth}
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
