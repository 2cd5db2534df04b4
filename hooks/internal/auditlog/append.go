package auditlog

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

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

// appending holds the records Append is saving, so the audit guards can refuse any other
// create of an audit event.
var appending sync.Map // *core.Record → struct{}

// IsAppending reports whether record is being saved by Append.
func IsAppending(record *core.Record) bool {
	_, ok := appending.Load(record)
	return ok
}

// Append adds ev at the head of the chain. It runs in app's transaction when app is one (so
// the event commits or rolls back with the caller's change) and in a new one otherwise.
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
		appending.Store(rec, struct{}{})
		defer appending.Delete(rec)
		return txApp.Save(rec)
	})
	if err != nil {
		return nil, fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	return rec, nil
}

func newEventRecord(col *core.Collection, f fields, created types.DateTime) *core.Record {
	rec := core.NewRecord(col)
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
	// an explicit value different from the last known one is kept by the autodate field
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
