package spaces

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// onMembershipUpdateRequest runs when a member's role is changed through the API, the dashboard
// included. Only an owner may make someone owner or change an owner's role (superusers may), and
// the last owner cannot be demoted — by anyone. Both are checked against the stored rows inside
// the transaction that writes the change, so two owners demoting each other at once leave one.
func onMembershipUpdateRequest(e *core.RecordRequestEvent) error {
	return nextInTransaction(e, func(txApp core.App, next func() error) error {
		stored, err := txApp.FindRecordById(schema.CollectionMemberships, e.Record.Id)
		if err != nil {
			return e.NotFoundError("", err)
		}
		before, after := schema.AsMembership(stored), schema.AsMembership(e.Record)
		touchesOwner := before.Role() != after.Role() &&
			(before.Role() == schema.RoleOwner || after.Role() == schema.RoleOwner)
		if touchesOwner && !e.HasSuperuserAuth() {
			if err := requireOwner(e.RequestEvent, txApp, before.Space(), "Only an owner can make someone an owner or change an owner's role."); err != nil {
				return err
			}
		}
		leavesOwners := before.Role() == schema.RoleOwner &&
			(after.Role() != schema.RoleOwner || after.Space() != before.Space())
		if leavesOwners {
			if err := ensureAnotherOwner(e.RequestEvent, txApp, before.Space(), stored.Id); err != nil {
				return err
			}
		}
		return next()
	})
}
