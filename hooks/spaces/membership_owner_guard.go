package spaces

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"folio/hooks/internal/txhook"
	"folio/hooks/schema"
)

// onMembershipDelete runs for every membership delete — the records API, the dashboard, a user
// deleted with its memberships cascading, an account deletion, Go code — and refuses to remove
// the last owner of a space that still exists. It counts the other owners inside the
// transaction that deletes the row, so two owners leaving at once cannot both see the other one
// still there. A space being deleted is gone from the transaction by the time its memberships
// cascade, and takes them all.
func onMembershipDelete(e *core.RecordEvent) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		stored, err := tx.FindRecordById(schema.CollectionMemberships, e.Record.Id)
		if err != nil {
			return e.Next() // already gone: PocketBase answers for the missing row
		}
		m := schema.AsMembership(stored)
		if m.Role() == schema.RoleOwner {
			if err := keepAnOwner(tx, m.Space(), stored.Id); err != nil {
				return err
			}
		}
		return e.Next()
	})
}

// onMembershipUpdate runs for every membership save of an existing row and refuses to demote or
// move the last owner of a space, against the row as the transaction sees it.
func onMembershipUpdate(e *core.RecordEvent) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		stored, err := tx.FindRecordById(schema.CollectionMemberships, e.Record.Id)
		if err != nil {
			return e.Next()
		}
		before, after := schema.AsMembership(stored), schema.AsMembership(e.Record)
		if before.Role() == schema.RoleOwner && (after.Role() != schema.RoleOwner || after.Space() != before.Space()) {
			if err := keepAnOwner(tx, before.Space(), stored.Id); err != nil {
				return err
			}
		}
		return e.Next()
	})
}

// keepAnOwner fails with lastOwnerMessage (400) when space exists and has no owner besides the
// membership leaving.
func keepAnOwner(app core.App, space, leavingId string) error {
	if _, err := app.FindRecordById(schema.CollectionSpaces, space); err != nil {
		return nil // the space itself is being deleted
	}
	n, err := app.CountRecords(schema.CollectionMemberships,
		dbx.HashExp{schema.MembershipSpace: space, schema.MembershipRole: schema.RoleOwner},
		dbx.Not(dbx.HashExp{"id": leavingId}))
	if err != nil {
		return err
	}
	if n == 0 {
		return router.NewBadRequestError(lastOwnerMessage, nil)
	}
	return nil
}
