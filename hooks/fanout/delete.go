package fanout

import (
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"folio/hooks/internal/keptrow"
	"folio/hooks/internal/pageaudience"
	"folio/hooks/schema"
)

// PocketBase decides a delete's subscribers just before the row goes, inside the delete: it
// checks each one's rule and filter against the database as committed before the delete (so
// that the records a cascade takes along are still judged by their page), builds each message
// then, and sends them once the delete has committed. The fan-out reads, at the same moment and
// from the same committed state, what those checks read — the record's row, its page's row, the
// space and its memberships, and the filters that reach through a relation — and decides every
// subscriber from that once the delete has committed, in the fan-out's goroutine.

// kept is what a delete read before its record was gone.
type kept struct {
	// row is the record's committed row (nil: it was never committed, and no one but a
	// superuser is told, as PocketBase's rule check finds nothing).
	row dbx.Params
	// aud is the audience of the record's page as committed (nil with row, or when the page was
	// not committed); target the audience of a link's target as the delete saw it.
	aud, target *audience
	// filters holds the filters through a relation or the caller, decided per caller and
	// filter against the committed state.
	filters map[string]bool
	// left are the clients PocketBase's own delete broadcast serves.
	left *subscriptions.Broker
	// page is the audience this delete shares with the records it takes along (pages only).
	page *pageDeletion
}

// pageDeletion is a page's audience while the page is being deleted, for the revisions,
// comments, links and redirects its delete takes along, and the spaces of the targets of those
// links.
type pageDeletion struct {
	aud    *audience
	mu     sync.Mutex
	spaces map[string]*pageaudience.Space
}

// errUndecided leaves a delete to PocketBase's broadcast.
var errUndecided = errors.New("a membership the fan-out does not decide")

// onRecordDelete keeps, just before a record of a modelled collection is deleted, what its
// subscribers' checks read, and lets the delete go on with only the clients left to PocketBase
// for PocketBase's broadcast. If it cannot keep that, PocketBase's broadcast decides everyone.
func (f *fanout) onRecordDelete(e *core.RecordEvent) error {
	col := e.Record.Collection()
	clients := e.App.SubscriptionsBroker()
	if !modelledRule(col) || clients.TotalClients() == 0 {
		return e.Next()
	}
	left := f.leftBroker(clients)
	k, err := f.keep(e.App, e.Record, left)
	if err != nil {
		e.App.Logger().Debug("Realtime delete left to PocketBase's broadcast", "collection", col.Name, "id", e.Record.Id, "error", err)
		return e.Next()
	}
	f.deletes.Store(e.Record, k)
	app := e.App
	e.App = brokerApp{App: app, broker: left}
	defer func() { e.App = app }()
	return e.Next()
}

// onRecordAfterDeleteSuccess hands a committed delete to the fan-out; PocketBase's broadcast of
// it goes on for the clients left to it.
func (f *fanout) onRecordAfterDeleteSuccess(e *core.RecordEvent) error {
	v, ok := f.deletes.LoadAndDelete(e.Record)
	if !ok {
		return e.Next()
	}
	k := v.(*kept)
	f.forget(e.Record, k)
	f.enqueue(&event{app: e.App, action: "delete", record: e.Record.Fresh(), leftToPocketBase: k.left, kept: k})
	app := e.App
	e.App = brokerApp{App: app, broker: k.left}
	defer func() { e.App = app }()
	return e.Next()
}

// onRecordAfterDeleteError forgets what a failed delete kept.
func (f *fanout) onRecordAfterDeleteError(e *core.RecordErrorEvent) error {
	if v, ok := f.deletes.LoadAndDelete(e.Record); ok {
		f.forget(e.Record, v.(*kept))
	}
	return e.Next()
}

func (f *fanout) forget(record *core.Record, k *kept) {
	if k.page != nil {
		f.deleting.CompareAndDelete(record.Id, k.page)
	}
}

// keep reads, through the application outside the delete's transaction, the record's committed
// row and its page's audience, and through tx (as PocketBase's enrich does) the target of a
// link; then the filters through a relation of the subscribers it will decide.
func (f *fanout) keep(tx core.App, record *core.Record, left *subscriptions.Broker) (*kept, error) {
	col := record.Collection()
	now := time.Now()
	row, err := keptrow.Read(f.app, col, record.Id)
	if err != nil {
		return nil, err
	}
	k := &kept{row: row, left: left, filters: map[string]bool{}}
	if row == nil {
		return k, nil
	}
	var parent *pageDeletion
	if field := pageField[col.Name]; field == "" {
		page := rowRecord(col, row)
		if k.aud, err = loadAudience(f.app, page, now); err != nil {
			return nil, err
		}
		k.page = &pageDeletion{aud: k.aud, spaces: map[string]*pageaudience.Space{}}
		f.deleting.Store(record.Id, k.page)
		parent = k.page
	} else {
		pageID, _ := row[field].(string)
		if v, ok := f.deleting.Load(pageID); ok {
			parent = v.(*pageDeletion)
			k.aud = parent.aud
		} else {
			page, err := f.app.FindRecordById(schema.CollectionPages, pageID)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, err
			}
			if page != nil {
				if k.aud, err = loadAudience(f.app, page, now); err != nil {
					return nil, err
				}
			}
		}
	}
	if k.aud != nil && !k.aud.space.Decided() {
		return nil, errUndecided
	}
	if col.Name == schema.CollectionPageLinks {
		if k.target, err = linkTarget(tx, record, parent, now); err != nil {
			return nil, err
		}
	}
	if k.aud != nil {
		f.keepRelationalFilters(record, k)
	}
	return k, nil
}

// linkTarget is the audience of a link's target as the delete sees it (nil: no target, or gone).
func linkTarget(tx core.App, record *core.Record, parent *pageDeletion, now time.Time) (*audience, error) {
	id := record.GetString(schema.PageLinkToPage)
	if id == "" {
		return nil, nil
	}
	target, err := tx.FindRecordById(schema.CollectionPages, id)
	if err != nil {
		return nil, nil
	}
	spaceID := target.GetString(schema.PageSpace)
	var space *pageaudience.Space
	if parent != nil {
		parent.mu.Lock()
		defer parent.mu.Unlock()
		space = parent.spaces[spaceID]
	}
	if space == nil {
		if space, err = pageaudience.LoadSpace(tx, spaceID); err != nil {
			return nil, err
		}
		if parent != nil {
			parent.spaces[spaceID] = space
		}
	}
	if !space.Decided() {
		return nil, errUndecided
	}
	return &audience{space: space, live: pageaudience.Live(target, now)}, nil
}

// keepRelationalFilters decides, against the committed state, the filters through a relation or
// the caller of the clients the fan-out serves that may read the record, once per caller and
// filter. A client subscribed from Go code is not known here; its filter is evaluated after the
// delete against the kept row.
func (f *fanout) keepRelationalFilters(record *core.Record, k *kept) {
	topics := topicsOf(record)
	f.relational.Range(func(id, _ any) bool {
		client, err := f.app.SubscriptionsBroker().ClientById(id.(string))
		if err != nil {
			f.relational.Delete(id)
			return true
		}
		auth, _ := client.Get(apis.RealtimeClientAuthKey).(*core.Record)
		for _, opts := range client.Subscriptions(topics...) {
			filter := opts.Query[search.FilterQueryParam]
			if filter == "" || ownFieldsFilter(filter) || refusedQuery(opts.Query) {
				continue
			}
			key := callerKey(auth) + "\x00" + filter
			if _, done := k.filters[key]; done {
				continue
			}
			if visible, _, ok := k.aud.decide(auth); !ok || !visible {
				continue
			}
			info := &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: "GET", Query: opts.Query, Headers: opts.Headers, Auth: auth}
			k.filters[key] = keptrow.Matches(f.app, record.Collection(), record.Id, nil, core.NewRecordFieldResolver(f.app, record.Collection(), info, false), filter)
		}
		return true
	})
}

// rowRecord is a record of col holding row's values as stored (enough for the read rule).
func rowRecord(col *core.Collection, row dbx.Params) *core.Record {
	r := core.NewRecord(col)
	for k, v := range row {
		r.SetRaw(k, v)
	}
	return r
}
