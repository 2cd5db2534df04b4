package events

import (
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// dispatchBatch is how many events one pass of Dispatch reads at a time; writeChunk how many
// rows one of its write transactions holds. Small transactions keep SQLite's one writer free
// for the requests in between: a page save waits for a chunk, never for a whole fan-out.
const (
	dispatchBatch = 100
	writeChunk    = 4
)

// Dispatch turns every event not yet dispatched, oldest first, into deliveries for the space's
// active webhooks that want it and notifications for the users it concerns, then marks it
// dispatched. Who gets what is worked out by reads alone; the rows are written in small
// transactions, skipping any this event already has, so a crash half-way repeats nothing and
// loses nothing: the event is dispatched again after restart. The worker calls it after every
// commit that wrote events; tests call it directly. It returns how many events it dispatched.
func Dispatch(app core.App) (int, error) {
	if w := workerOf(app); w != nil {
		w.dispatchMu.Lock()
		defer w.dispatchMu.Unlock()
	}
	n := 0
	for {
		var evs []*core.Record
		err := app.RecordQuery(schema.CollectionEvents).
			AndWhere(dbx.HashExp{schema.EventDispatched: false}).
			OrderBy(schema.EventSeq + " ASC").Limit(dispatchBatch).All(&evs)
		if err != nil || len(evs) == 0 {
			return n, err
		}
		for _, ev := range evs {
			if err := dispatchEvent(app, ev); err != nil {
				return n, fmt.Errorf("dispatch event %s (%s): %w", ev.Id, ev.GetString(schema.EventType), err)
			}
			n++
		}
		if len(evs) < dispatchBatch {
			// That was every event committed when the batch was read; one committed since
			// wakes the worker again (nudgeAfterCommit), so no read is needed to find none.
			return n, nil
		}
	}
}

func dispatchEvent(app core.App, ev *core.Record) error {
	deliveries, err := planDeliveries(app, ev)
	if err != nil {
		return err
	}
	notes, err := planNotifications(app, ev)
	if err != nil {
		return err
	}
	written := map[string]bool{}
	if len(deliveries)+len(notes) > 0 {
		// Only an event with rows to write can have some from an interrupted dispatch.
		if written, err = writtenFor(app, ev.Id); err != nil {
			return err
		}
	}
	rows := make([]*core.Record, 0, len(deliveries)+len(notes))
	for _, d := range deliveries {
		if !written[schema.CollectionDeliveries+"/"+d.GetString(schema.DeliveryWebhook)] {
			rows = append(rows, d)
		}
	}
	var mails []notificationMail
	for _, n := range notes {
		if !written[schema.CollectionNotifications+"/"+n.user.Id] {
			rows = append(rows, n.record)
			if n.mode == schema.EmailInstant && n.user.Email() != "" {
				mails = append(mails, notificationMail{user: n.user, items: []*core.Record{n.record}})
			}
		}
	}
	for start := 0; start < len(rows); start += writeChunk {
		chunk := rows[start:min(start+writeChunk, len(rows))]
		if err := app.RunInTransaction(func(tx core.App) error {
			for _, r := range chunk {
				if err := tx.Save(r); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	if len(deliveries) > 0 {
		if w := workerOf(app); w != nil {
			w.nudgeDue()
		}
	}
	// The mark is written directly: the outbox is internal, and a model event per dispatched
	// row would only be noise for whatever listens to record hooks.
	if _, err := app.DB().Update(schema.CollectionEvents, dbx.Params{schema.EventDispatched: true},
		dbx.HashExp{"id": ev.Id}).Execute(); err != nil {
		return err
	}
	sendMails(app, mails)
	return nil
}

// writtenFor returns what an earlier, interrupted dispatch of event already wrote:
// "deliveries/<webhook>" and "notifications/<user>".
func writtenFor(app core.App, event string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, c := range []struct{ name, event, owner string }{
		{schema.CollectionDeliveries, schema.DeliveryEvent, schema.DeliveryWebhook},
		{schema.CollectionNotifications, schema.NotificationEvent, schema.NotificationUser},
	} {
		var owners []string
		err := app.DB().Select(c.owner).From(c.name).Where(dbx.HashExp{c.event: event}).Column(&owners)
		if err != nil {
			return nil, err
		}
		for _, o := range owners {
			out[c.name+"/"+o] = true
		}
	}
	return out, nil
}

// planDeliveries makes, unsaved, a delivery of ev for each active webhook of its space that
// wants it and existed when it happened (a new webhook gets no history).
func planDeliveries(app core.App, ev *core.Record) ([]*core.Record, error) {
	space := ev.GetString(schema.EventSpace)
	if space == "" {
		return nil, nil
	}
	hooks, err := app.FindAllRecords(schema.CollectionWebhooks,
		dbx.HashExp{schema.WebhookSpace: space, schema.WebhookActive: true},
		dbx.NewExp("[["+schema.WebhookCreated+"]] <= {:at}", dbx.Params{"at": ev.GetString(schema.EventCreated)}))
	if err != nil {
		return nil, err
	}
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionDeliveries)
	if err != nil {
		return nil, err
	}
	typ := ev.GetString(schema.EventType)
	var out []*core.Record
	for _, h := range hooks {
		if want := h.GetStringSlice(schema.WebhookEvents); len(want) > 0 && !slices.Contains(want, typ) {
			continue
		}
		d := core.NewRecord(col)
		d.Set(schema.DeliveryWebhook, h.Id)
		d.Set(schema.DeliveryEvent, ev.Id)
		d.Set(schema.DeliveryEventType, typ)
		d.Set(schema.DeliverySeq, ev.GetInt(schema.EventSeq))
		d.Set(schema.DeliveryStatus, schema.DeliveryPending)
		d.Set(schema.DeliveryNextAttempt, types.NowDateTime())
		out = append(out, d)
	}
	return out, nil
}
