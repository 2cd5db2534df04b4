package spaces

import (
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// invitationDecline answers POST /api/folio/invitations/decline {token}. No sign-in is needed:
// the token from the mail is the proof, and someone without an account can still say no.
func invitationDecline(e *core.RequestEvent) error {
	token, err := readToken(e)
	if err != nil {
		return err
	}
	var inv *core.Record
	err = e.App.RunInTransaction(func(txApp core.App) error {
		if inv, err = findAnswerableInvitation(e, txApp, token); err != nil {
			return err
		}
		answer(inv, schema.InvitationDeclined)
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
