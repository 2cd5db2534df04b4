package spaces

import (
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"folio/hooks/schema"
)

// invitationResend answers POST /api/folio/invitations/{id}/resend: an owner or admin of the
// space mails a pending invitation again with a new token and a new expiry; the old link stops
// working. An invitation to become owner is resent only by an owner, as it is sent only by one.
func invitationResend(e *core.RequestEvent) error {
	var inv *core.Record
	var msg *mailer.Message
	err := e.App.RunInTransaction(func(txApp core.App) error {
		var err error
		if inv, err = findManagedInvitation(e, txApp, "resend"); err != nil {
			return err
		}
		if err := checkPending(e, inv, "It cannot be resent: send a new invitation instead."); err != nil {
			return err
		}
		i := schema.AsInvitation(inv)
		if i.Role() == schema.RoleOwner && !e.HasSuperuserAuth() {
			if err := requireOwner(e, txApp, i.Space(), "Only an owner can resend an invitation to become owner."); err != nil {
				return err
			}
		}
		token := issueToken(inv)
		if err := txApp.Save(inv); err != nil {
			return err
		}
		if msg, err = composeInvitationMail(txApp, inv, token); err != nil {
			txApp.Logger().Error("Failed to compose an invitation mail", "error", err, "invitation", inv.Id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sendInvitationMail(e.App, inv.Id, msg)
	if err := apis.EnrichRecord(e, inv); err != nil {
		return err
	}
	return e.JSON(http.StatusOK, inv)
}
