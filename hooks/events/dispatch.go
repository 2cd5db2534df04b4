package events

import (
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// dispatchBatch is how many events one pass of Dispatch reads at a time.
const dispatchBatch = 100

// Dispatch turns every event not yet dispatched, oldest first, into deliveries for the space's
// active webhooks that want it and notifications for the users it concerns, each event in one
// transaction with its dispatched mark: a crash between events loses none and repeats none. The
// worker calls it after every commit that wrote events; tests call it directly. It returns how
// many events it dispatched.
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
			var mails []notificationMail
			err := app.RunInTransaction(func(tx core.App) error {
				// Write transactions run one at a time: read the mark again inside this one.
				if done, err := isDispatched(tx, ev.Id); err != nil || done {
					return err
				}
				if err := fanOutWebhooks(tx, ev); err != nil {
					return err
				}
				var err error
				if mails, err = notify(tx, ev); err != nil {
					return err
				}
				ev.Set(schema.EventDispatched, true)
				return tx.SaveNoValidate(ev)
			})
			if err != nil {
				return n, fmt.Errorf("dispatch event %s (%s): %w", ev.Id, ev.GetString(schema.EventType), err)
			}
			sendMails(app, mails)
			n++
		}
	}
}

// fanOutWebhooks queues a delivery of ev for each active webhook of its space that wants it.
func fanOutWebhooks(app core.App, ev *core.Record) error {
	space := ev.GetString(schema.EventSpace)
	if space == "" {
		return nil
	}
	// Only webhooks that existed when the event happened: a new webhook gets no history.
	hooks, err := app.FindAllRecords(schema.CollectionWebhooks,
		dbx.HashExp{schema.WebhookSpace: space, schema.WebhookActive: true},
		dbx.NewExp("[["+schema.WebhookCreated+"]] <= {:at}", dbx.Params{"at": ev.GetString(schema.EventCreated)}))
	if err != nil {
		return err
	}
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionDeliveries)
	if err != nil {
		return err
	}
	typ := ev.GetString(schema.EventType)
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
		if err := app.Save(d); err != nil {
			return err
		}
	}
	return nil
}

func isDispatched(app core.App, id string) (bool, error) {
	ev, err := app.FindRecordById(schema.CollectionEvents, id)
	if err != nil {
		return false, err
	}
	return ev.GetBool(schema.EventDispatched), nil
}
