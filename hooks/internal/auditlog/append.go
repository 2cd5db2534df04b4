package auditlog

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Event is one thing worth remembering about an account or a space.
type Event struct {
	Action string // one of the schema.Action* constants
	Actor  Actor  // who did it
	User   string // id of the account the event is about ("" when none)
	Target string // what it acted on, as "collection/id" ("" when the user itself)
	Data   map[string]any
}

// Append adds ev at the head of the chain and returns the stored event. It runs in app's
// transaction when app is one (so the event commits or rolls back with the caller's change)
// and in a new one otherwise. The row is inserted with SQL rather than saved as a record: an
// audit event fires no record hooks (no other concern sees its hook counts change, and the
// audit guards refuse every record-level create), and it is not broadcast over realtime.
func Append(app core.App, ev Event) (*core.Record, error) {
	data, err := encodeData(ev.Data)
	if err != nil {
		return nil, fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	var rec *core.Record
	err = app.RunInTransaction(func(txApp core.App) error {
		head, err := readHead(txApp)
		if err != nil {
			return err
		}
		col, err := txApp.FindCachedCollectionByNameOrId(schema.CollectionAuditEvents)
		if err != nil {
			return err
		}
		created, err := types.ParseDateTime(time.Now().UTC().Truncate(time.Millisecond))
		if err != nil {
			return err
		}
		f := fields{
			Seq: head.Seq + 1, Created: created.String(), Action: ev.Action,
			Actor: ev.Actor.Id, ActorCollection: ev.Actor.Collection, User: ev.User, Target: ev.Target,
			IP: ev.Actor.IP, UserAgent: truncate(ev.Actor.UserAgent, maxUserAgent),
			Session: ev.Actor.Session, Data: data, PrevHash: head.Hash,
		}
		rec = newEventRecord(col, f, created)
		_, err = txApp.DB().Insert(schema.CollectionAuditEvents, dbx.Params{
			"id": rec.Id, schema.AuditSeq: f.Seq, schema.AuditCreated: f.Created, schema.AuditAction: f.Action,
			schema.AuditActor: f.Actor, schema.AuditActorCollection: f.ActorCollection, schema.AuditUser: f.User,
			schema.AuditTarget: f.Target, schema.AuditIP: f.IP, schema.AuditUserAgent: f.UserAgent,
			schema.AuditSession: f.Session, schema.AuditData: f.Data, schema.AuditPrevHash: f.PrevHash,
			schema.AuditHash: rec.GetString(schema.AuditHash),
		}).Execute()
		if err != nil {
			return err
		}
		rec.MarkAsNotNew()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	return rec, nil
}

func newEventRecord(col *core.Collection, f fields, created types.DateTime) *core.Record {
	rec := core.NewRecord(col)
	rec.Id = core.GenerateDefaultRandomId()
	rec.Set(schema.AuditSeq, f.Seq)
	rec.Set(schema.AuditAction, f.Action)
	rec.Set(schema.AuditActor, f.Actor)
	rec.Set(schema.AuditActorCollection, f.ActorCollection)
	rec.Set(schema.AuditUser, f.User)
	rec.Set(schema.AuditTarget, f.Target)
	rec.Set(schema.AuditIP, f.IP)
	rec.Set(schema.AuditUserAgent, f.UserAgent)
	rec.Set(schema.AuditSession, f.Session)
	rec.Set(schema.AuditData, types.JSONRaw(f.Data))
	rec.Set(schema.AuditPrevHash, f.PrevHash)
	rec.Set(schema.AuditHash, f.hash())
	rec.SetRaw(schema.AuditCreated, created)
	return rec
}

type head struct {
	Seq  int64  `db:"seq"`
	Hash string `db:"hash"`
}

// readHead returns the newest event's seq and hash, or zeros for an empty log.
func readHead(app core.App) (head, error) {
	var h head
	err := app.DB().Select(schema.AuditSeq, schema.AuditHash).
		From(schema.CollectionAuditEvents).
		OrderBy(schema.AuditSeq + " DESC").
		Limit(1).One(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return head{}, nil
	}
	return h, err
}

// encodeData is the stored (and hashed) text of an event's data: sorted keys, "{}" when empty.
func encodeData(data map[string]any) (string, error) {
	if data == nil {
		data = map[string]any{}
	}
	b, err := json.Marshal(data)
	return string(b), err
}
