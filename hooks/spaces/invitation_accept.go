package spaces

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// invitationAccept answers POST /api/folio/invitations/accept {token}: the signed-in user the
// invitation was mailed to, with that address verified, becomes a member with the invited role.
// The membership and the accepted state are saved in one transaction; the new membership is the
// response.
func invitationAccept(e *core.RequestEvent) error {
	token, err := readToken(e)
	if err != nil {
		return err
	}
	var membership *core.Record
	err = e.App.RunInTransaction(func(txApp core.App) error {
		inv, err := findAnswerableInvitation(e, txApp, token)
		if err != nil {
			return err
		}
		i := schema.AsInvitation(inv)
		if err := checkInvitee(e, i); err != nil {
			return err
		}
		if m, err := findMembership(txApp, i.Space(), e.Auth.Id); err != nil || m != nil {
			return firstErr(err, e.BadRequestError("You are already a member of this space.", nil))
		}
		if membership, err = addMember(txApp, i.Space(), e.Auth.Id, i.Role()); err != nil {
			return err
		}
		answer(inv, schema.InvitationAccepted)
		return txApp.Save(inv)
	})
	if err != nil {
		return err
	}
	if err := apis.EnrichRecord(e, membership); err != nil {
		return err
	}
	return e.JSON(http.StatusOK, membership)
}

// checkInvitee lets only the invited address accept, and only once its owner has proven it.
func checkInvitee(e *core.RequestEvent, inv *schema.Invitation) error {
	if !strings.EqualFold(e.Auth.Email(), inv.Email()) {
		return e.ForbiddenError("This invitation was sent to another email address: sign in with that address to accept it.", nil)
	}
	if !e.Auth.Verified() {
		return e.ForbiddenError("Verify your email address first, then accept the invitation.", nil)
	}
	return nil
}

// firstErr returns err when there is one, else fallback.
func firstErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}
