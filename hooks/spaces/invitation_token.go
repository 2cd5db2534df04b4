package spaces

import (
	"strings"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"folio/hooks/schema"
)

// InvitationLifetime is how long an invitation's link works after it was sent or resent.
const InvitationLifetime = 7 * 24 * time.Hour

// tokenLength: 43 random characters of [A-Za-z0-9] carry 256 bits, as many as 32 random bytes,
// and need no escaping in a URL.
const tokenLength = 43

// issueToken gives an invitation a fresh one-time token and expiry and returns the token. Only
// the token's SHA-256 is stored: a leaked database does not leak working links.
func issueToken(inv *core.Record) string {
	token := security.RandomString(tokenLength)
	inv.Set(schema.InvitationTokenHash, security.SHA256(token))
	inv.Set(schema.InvitationExpires, time.Now().UTC().Add(InvitationLifetime))
	return token
}

// tokenBody is the body of the accept and decline routes.
type tokenBody struct {
	Token string `json:"token" form:"token"`
}

// readToken reads the token the invitee got by mail from the request body.
func readToken(e *core.RequestEvent) (string, error) {
	var body tokenBody
	if err := e.BindBody(&body); err != nil {
		return "", e.BadRequestError(`Send the invitation token as {"token": "..."}.`, err)
	}
	token := strings.TrimSpace(body.Token)
	if token == "" {
		return "", tokenError(e, "validation_required", "Send the token from the invitation link.")
	}
	return token, nil
}

// findAnswerableInvitation returns the pending, unexpired invitation whose token is token, or a
// 400 that says why it cannot be answered. Look it up with the transaction that will answer it.
func findAnswerableInvitation(e *core.RequestEvent, app core.App, token string) (*core.Record, error) {
	hash := security.SHA256(token)
	inv, err := app.FindFirstRecordByData(schema.CollectionInvitations, schema.InvitationTokenHash, hash)
	if err != nil || !security.Equal(inv.GetString(schema.InvitationTokenHash), hash) {
		return nil, tokenError(e, "validation_invalid_token",
			"This invitation link is not valid: check that you copied all of it, or ask for a new invitation.")
	}
	if err := checkPending(e, inv, ""); err != nil {
		return nil, err
	}
	if expires := schema.AsInvitation(inv).Expires(); expires.IsZero() || expires.Time().Before(time.Now()) {
		return nil, tokenError(e, "validation_invitation_expired", "This invitation has expired: ask for a new one.")
	}
	return inv, nil
}

// checkPending refuses an invitation that was already answered or revoked with a 400 naming its
// state, followed by then (what the caller may do instead) when given.
func checkPending(e *core.RequestEvent, inv *core.Record, then string) error {
	var msg string
	switch schema.AsInvitation(inv).Status() {
	case schema.InvitationPending:
		return nil
	case schema.InvitationAccepted:
		msg = "This invitation was already accepted."
	case schema.InvitationDeclined:
		msg = "This invitation was declined."
	case schema.InvitationRevoked:
		msg = "This invitation was revoked."
	default:
		msg = "This invitation is no longer pending."
	}
	if then != "" {
		msg += " " + then
	}
	return e.BadRequestError(msg, nil)
}

// tokenError is a 400 whose message is also the token field's error, for forms that show it there.
func tokenError(e *core.RequestEvent, code, msg string) error {
	return e.BadRequestError(msg, validation.Errors{"token": validation.NewError(code, msg)})
}

// answer records the invitee's answer. The token hash stays, so that a second use of the link is
// told what happened to the invitation rather than that the link is unknown.
func answer(inv *core.Record, status string) {
	inv.Set(schema.InvitationStatus, status)
	inv.Set(schema.InvitationRespondedAt, time.Now().UTC())
}
