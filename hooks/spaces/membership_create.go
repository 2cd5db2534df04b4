package spaces

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// inviteMessage answers a direct add of someone else: memberships are made by consent.
const inviteMessage = "People join a space by accepting an invitation: invite them by email instead " +
	"(create an invitations record); their membership is made when they accept."

// onMembershipCreateRequest runs when a membership is created through the API, the dashboard
// included (the create rule has let an owner or admin of the space through). A membership for
// another user is made only by that user accepting an invitation, so nobody becomes someone's
// co-member — and sees their record — without their consent: a direct add of another user is
// refused (403, data.user) and names the way to invite. It is refused rather than turned into
// an invitation because the caller asked for a membership record and would get something else
// back, and because an invitation needs an email address the caller may not know. Superusers
// may add anyone; only an owner may add an owner.
func onMembershipCreateRequest(e *core.RecordRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	m := schema.AsMembership(e.Record)
	if e.Auth == nil || m.User() != e.Auth.Id {
		return e.ForbiddenError(inviteMessage, validation.Errors{
			schema.MembershipUser: validation.NewError("invitation_required", inviteMessage),
		})
	}
	if m.Role() != schema.RoleOwner {
		return e.Next()
	}
	return nextInTransaction(e, func(txApp core.App, next func() error) error {
		if err := requireOwner(e.RequestEvent, txApp, m.Space(), "Only an owner can make someone an owner."); err != nil {
			return err
		}
		return next()
	})
}
