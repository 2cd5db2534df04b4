package spaces

import (
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/ozzo-validation/v4/is"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"folio/hooks/schema"
)

// onInvitationCreateRequest runs when an owner or admin invites someone through the API, the
// dashboard included (the create rule has checked the role). It fills in what the server owns —
// inviter, pending status, a fresh token (only its hash is stored) and its expiry — refuses an
// address that is already a member or already invited, and mails the link once the invitation
// is committed. The response carries nothing secret.
func onInvitationCreateRequest(e *core.RecordRequestEvent) error {
	inv := e.Record
	email := strings.ToLower(strings.TrimSpace(inv.GetString(schema.InvitationEmail)))
	inv.Set(schema.InvitationEmail, email)
	if err := validation.Validate(email, validation.Required, is.EmailFormat); err != nil {
		return e.BadRequestError("Enter a valid email address to invite.", validation.Errors{schema.InvitationEmail: err})
	}
	inv.Set(schema.InvitationInviter, "")
	if e.Auth != nil && e.Auth.Collection().Name == schema.CollectionUsers {
		inv.Set(schema.InvitationInviter, e.Auth.Id)
	}
	inv.Set(schema.InvitationStatus, schema.InvitationPending)
	inv.Set(schema.InvitationRespondedAt, "")
	token := issueToken(inv)

	var msg *mailer.Message
	err := nextInTransaction(e, func(txApp core.App, next func() error) error {
		if err := checkInvitable(e, txApp, schema.AsInvitation(inv)); err != nil {
			return err
		}
		if err := next(); err != nil {
			return err
		}
		var err error
		if msg, err = composeInvitationMail(txApp, inv, token); err != nil {
			txApp.Logger().Error("Failed to compose an invitation mail", "error", err, "invitation", inv.Id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sendInvitationMail(e.App, inv.Id, msg)
	return nil
}

// checkInvitable refuses an invitation only an owner may send, or one to an address that is
// already a member of the space or already has a pending invitation to it (resend that one).
func checkInvitable(e *core.RecordRequestEvent, app core.App, inv *schema.Invitation) error {
	if inv.Role() == schema.RoleOwner && !e.HasSuperuserAuth() {
		if err := requireOwner(e.RequestEvent, app, inv.Space(), "Only an owner can invite someone as owner."); err != nil {
			return err
		}
	}
	if user, err := app.FindAuthRecordByEmail(schema.CollectionUsers, inv.Email()); err == nil {
		member, err := findMembership(app, inv.Space(), user.Id)
		if err != nil {
			return err
		}
		if member != nil {
			return emailError(e, "validation_already_member", "This person is already a member of this space.")
		}
	}
	n, err := app.CountRecords(schema.CollectionInvitations, dbx.HashExp{
		schema.InvitationSpace:  inv.Space(),
		schema.InvitationEmail:  inv.Email(),
		schema.InvitationStatus: schema.InvitationPending,
	})
	if err != nil {
		return err
	}
	if n > 0 {
		return emailError(e, "validation_already_invited",
			"This address already has a pending invitation to this space: resend it instead of inviting again.")
	}
	return nil
}

func emailError(e *core.RecordRequestEvent, code, msg string) error {
	return e.BadRequestError(msg, validation.Errors{schema.InvitationEmail: validation.NewError(code, msg)})
}
