package events

import (
	"encoding/json"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/internal/txhook"
	"folio/hooks/schema"
)

// event is one outbox row before it is written.
type event struct {
	Type    string
	Space   string
	Record  string
	Actor   string
	Payload map[string]any
}

// writeEvent appends ev to the outbox through app, which must be the transaction of the change
// it describes. It inserts the row directly, without record hooks: the outbox is written on every
// save and nothing else reacts to it until the worker reads it after the commit. SQLite's single
// writer makes MAX(seq)+1 safe inside the transaction.
func writeEvent(app core.App, ev event) error {
	payload, err := json.Marshal(ev.Payload)
	if err != nil {
		return fmt.Errorf("marshal %s payload: %w", ev.Type, err)
	}
	now := types.NowDateTime().String()
	_, err = app.DB().NewQuery(fmt.Sprintf(
		"INSERT INTO {{%[1]s}} ([[id]], [[%[2]s]], [[%[3]s]], [[%[4]s]], [[%[5]s]], [[%[6]s]], [[%[7]s]], [[%[8]s]], [[%[9]s]]) "+
			"VALUES ({:id}, (SELECT COALESCE(MAX([[%[2]s]]), 0) + 1 FROM {{%[1]s}}), {:type}, {:space}, {:record}, {:actor}, {:payload}, FALSE, {:created})",
		schema.CollectionEvents, schema.EventSeq, schema.EventType, schema.EventSpace, schema.EventRecord,
		schema.EventActor, schema.EventPayload, schema.EventDispatched, schema.EventCreated)).
		Bind(dbx.Params{
			"id": security.RandomStringWithAlphabet(15, idAlphabet), "type": ev.Type, "space": ev.Space,
			"record": ev.Record, "actor": ev.Actor, "payload": string(payload), "created": now,
		}).Execute()
	if err != nil {
		return fmt.Errorf("write %s event: %w", ev.Type, err)
	}
	return nil
}

// idAlphabet is PocketBase's record id alphabet.
const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// afterSave runs e.Next() in a transaction and then, in the same transaction, emits what
// events(tx) returns. A save that fails emits nothing; one whose transaction rolls back later
// takes its events with it.
func afterSave(e *core.RecordEvent, events func(tx core.App) ([]event, error)) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		if err := e.Next(); err != nil {
			return err
		}
		evs, err := events(tx)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			if err := writeEvent(tx, ev); err != nil {
				return err
			}
		}
		if len(evs) > 0 {
			nudgeAfterCommit(tx)
		}
		return nil
	})
}

// nudgeAfterCommit wakes the worker once app's transaction commits (at once when app is not a
// transaction): the events it wrote are then visible to the worker's own reads.
func nudgeAfterCommit(app core.App) {
	if w := workerOf(app); w != nil {
		afterCommit(app, w.nudge)
	}
}

// nudgeDueAfterCommit wakes the worker to look for due deliveries once app's transaction
// commits: a delivery was put back in its queue.
func nudgeDueAfterCommit(app core.App) {
	if w := workerOf(app); w != nil {
		afterCommit(app, w.nudgeDue)
	}
}

// afterCommit runs fn once app's transaction commits, or at once when app is not a transaction.
func afterCommit(app core.App, fn func()) {
	if info := app.TxInfo(); info != nil {
		info.OnComplete(func(txErr error) error {
			if txErr == nil {
				fn()
			}
			return nil
		})
		return
	}
	fn()
}
