package auditlog

import (
	"database/sql"
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// pruneData is the data of an audit.pruned event: the anchor the shortened chain starts from.
type pruneData struct {
	ThroughSeq int64  `json:"through_seq"`
	LastHash   string `json:"last_hash"`
	Deleted    int64  `json:"deleted"`
	Before     string `json:"before"`
}

// Prune deletes the events created before cutoff, never the newest one, and records the cut
// as an audit.pruned event so that Verify still holds for the rest. It returns how many events
// it deleted (0 and no audit.pruned event when there was nothing to delete).
func Prune(app core.App, cutoff time.Time, actor Actor) (int64, error) {
	var deleted int64
	err := app.RunInTransaction(func(txApp core.App) error {
		last, err := lastPrunable(txApp, cutoff)
		if err != nil || last.Seq == 0 {
			return err
		}
		res, err := txApp.DB().Delete(schema.CollectionAuditEvents,
			dbx.NewExp("[["+schema.AuditSeq+"]] <= {:seq}", dbx.Params{"seq": last.Seq})).Execute()
		if err != nil {
			return err
		}
		deleted, _ = res.RowsAffected()
		_, err = Append(txApp, Event{
			Action: schema.ActionAuditPruned,
			Actor:  actor,
			Data: map[string]any{
				"through_seq": last.Seq, "last_hash": last.Hash, "deleted": deleted,
				"before": cutoff.UTC().Format(time.RFC3339), "via": actor.Via,
			},
		})
		return err
	})
	return deleted, err
}

// lastPrunable is the newest event older than cutoff that is not the head of the chain.
func lastPrunable(app core.App, cutoff time.Time) (head, error) {
	before, err := types.ParseDateTime(cutoff.UTC())
	if err != nil {
		return head{}, err
	}
	var h head
	err = app.DB().Select(schema.AuditSeq, schema.AuditHash).From(schema.CollectionAuditEvents).
		Where(dbx.NewExp("[["+schema.AuditCreated+"]] < {:before}", dbx.Params{"before": before.String()})).
		AndWhere(dbx.NewExp("[[" + schema.AuditSeq + "]] < (SELECT MAX([[" + schema.AuditSeq + "]]) FROM {{" + schema.CollectionAuditEvents + "}})")).
		OrderBy(schema.AuditSeq + " DESC").Limit(1).One(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return head{}, nil
	}
	return h, err
}
