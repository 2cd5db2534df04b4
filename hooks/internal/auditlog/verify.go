package auditlog

import (
	"encoding/json"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// Report is the outcome of Verify.
type Report struct {
	Events   int    // events checked
	FirstSeq int64  // seq of the oldest event kept (1 unless pruned)
	HeadSeq  int64  // seq of the newest event
	HeadHash string // hash of the newest event: keep it elsewhere to detect a cut-off tail
	Broken   *Break // the first broken link; nil when the chain holds
}

// Break names the first event at which the chain does not hold, and why.
type Break struct {
	Seq    int64
	Id     string
	Reason string
}

func (b *Break) String() string {
	return fmt.Sprintf("event seq %d (id %s): %s", b.Seq, b.Id, b.Reason)
}

// storedEvent is an audit_events row as stored, every hashed column as text.
type storedEvent struct {
	Id              string `db:"id"`
	Seq             int64  `db:"seq"`
	Created         string `db:"created"`
	Action          string `db:"action"`
	Actor           string `db:"actor"`
	ActorCollection string `db:"actor_collection"`
	User            string `db:"user"`
	Target          string `db:"target"`
	IP              string `db:"ip"`
	UserAgent       string `db:"user_agent"`
	Session         string `db:"session"`
	Data            string `db:"data"`
	PrevHash        string `db:"prev_hash"`
	Hash            string `db:"hash"`
}

func (s storedEvent) fields() fields {
	return fields{Seq: s.Seq, Created: s.Created, Action: s.Action, Actor: s.Actor,
		ActorCollection: s.ActorCollection, User: s.User, Target: s.Target, IP: s.IP,
		UserAgent: s.UserAgent, Session: s.Session, Data: s.Data, PrevHash: s.PrevHash}
}

// Verify walks the whole chain in seq order, recomputing every hash, and reports the first
// event whose seq, prev_hash or hash does not follow from the one before (see the package doc).
func Verify(app core.App) (Report, error) {
	anchors, err := pruneAnchors(app)
	if err != nil {
		return Report{}, err
	}
	rows, err := app.DB().Select("id", "seq", "created", "action", "actor", "actor_collection",
		"user", "target", "ip", "user_agent", "session", "COALESCE(data, '') AS data", "prev_hash", "hash").
		From(schema.CollectionAuditEvents).OrderBy("seq ASC").Rows()
	if err != nil {
		return Report{}, err
	}
	defer rows.Close()

	var rep Report
	var prev *storedEvent
	for rows.Next() {
		var ev storedEvent
		if err := rows.ScanStruct(&ev); err != nil {
			return Report{}, err
		}
		if rep.Events == 0 {
			rep.FirstSeq = ev.Seq
		}
		rep.Events++
		rep.HeadSeq, rep.HeadHash = ev.Seq, ev.Hash
		if reason := checkLink(prev, ev, anchors); reason != "" {
			rep.Broken = &Break{Seq: ev.Seq, Id: ev.Id, Reason: reason}
			return rep, nil
		}
		prev = &ev
	}
	return rep, rows.Err()
}

// checkLink says what is wrong with ev given the event before it (nil for the first kept one).
func checkLink(prev *storedEvent, ev storedEvent, anchors map[int64]string) string {
	switch {
	case prev == nil && ev.Seq == 1:
		if ev.PrevHash != "" {
			return "the first event must have an empty prev_hash"
		}
	case prev == nil:
		anchor, ok := anchors[ev.Seq-1]
		if !ok {
			return fmt.Sprintf("events before seq %d are missing and no audit.pruned event accounts for them", ev.Seq)
		}
		if ev.PrevHash != anchor {
			return fmt.Sprintf("prev_hash does not match the last_hash of the audit.pruned event through seq %d", ev.Seq-1)
		}
	case ev.Seq != prev.Seq+1:
		return fmt.Sprintf("seq jumps from %d: events are missing", prev.Seq)
	case ev.PrevHash != prev.Hash:
		return fmt.Sprintf("prev_hash does not match the hash of event seq %d", prev.Seq)
	}
	if got := ev.fields().hash(); got != ev.Hash {
		return "stored hash does not match the event's content (the event was changed)"
	}
	return ""
}

// pruneAnchors maps through_seq → last_hash of every audit.pruned event. They are trusted only
// because Verify checks those events as part of the chain too.
func pruneAnchors(app core.App) (map[int64]string, error) {
	var rows []struct {
		Data string `db:"data"`
	}
	err := app.DB().Select("COALESCE(data, '') AS data").From(schema.CollectionAuditEvents).
		Where(dbx.HashExp{schema.AuditAction: schema.ActionAuditPruned}).All(&rows)
	if err != nil {
		return nil, err
	}
	anchors := make(map[int64]string, len(rows))
	for _, r := range rows {
		var d pruneData
		if json.Unmarshal([]byte(r.Data), &d) == nil && d.ThroughSeq > 0 {
			anchors[d.ThroughSeq] = d.LastHash
		}
	}
	return anchors, nil
}
