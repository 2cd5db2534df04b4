package spaces

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// invitationPreview answers POST /api/folio/invitations/preview {token}: what the invitation
// link offers — the space's name and slug, who invited, the role and the address it was sent
// to — so the landing page can say it before anyone signs in. The token is the proof, as for
// decline; it travels in the body so it stays out of request logs. An answered, revoked or
// expired invitation gets the same 400 as accepting it would.
func invitationPreview(e *core.RequestEvent) error {
	token, err := readToken(e)
	if err != nil {
		return err
	}
	inv, err := findAnswerableInvitation(e, e.App, token)
	if err != nil {
		return err
	}
	out := map[string]any{
		"role":    inv.GetString(schema.InvitationRole),
		"email":   inv.GetString(schema.InvitationEmail),
		"expires": inv.GetDateTime(schema.InvitationExpires),
		"space":   map[string]string{},
		"inviter": map[string]string{},
	}
	if space, err := e.App.FindRecordById(schema.CollectionSpaces, inv.GetString(schema.InvitationSpace)); err == nil {
		out["space"] = map[string]string{"name": space.GetString(schema.SpaceName), "slug": space.GetString(schema.SpaceSlug)}
	}
	if inviter, err := e.App.FindRecordById(schema.CollectionUsers, inv.GetString(schema.InvitationInviter)); err == nil {
		out["inviter"] = map[string]string{"name": inviter.GetString(schema.UserName)}
	}
	return e.JSON(http.StatusOK, out)
}
