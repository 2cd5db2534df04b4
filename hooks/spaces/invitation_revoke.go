package spaces

import (
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// invitationRevoke answers POST /api/folio/invitations/{id}/revoke: an owner or admin of the
// space withdraws a pending invitation, expired or not, and its link stops working. The record
// stays (unlike deleting it) so the space keeps a trace of who was invited.
func invitationRevoke(e *core.RequestEvent) error {
	var inv *core.Record
	err := e.App.RunInTransaction(func(txApp core.App) error {
		var err error
		if inv, err = findManagedInvitation(e, txApp, "revoke"); err != nil {
			return err
		}
		if err := checkPending(e, inv, ""); err != nil {
			return err
		}
		inv.Set(schema.InvitationStatus, schema.InvitationRevoked)
		return txApp.Save(inv)
	})
	if err != nil {
		return err
	}
	if err := apis.EnrichRecord(e, inv); err != nil {
		return err
	}
	return e.JSON(http.StatusOK, inv)
}
