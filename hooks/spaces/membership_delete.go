package spaces

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// onMembershipDeleteRequest runs when a membership is deleted through the API: a member leaving,
// or an owner or admin removing someone (the delete rule has let one of them through). Only an
// owner may remove another owner (superusers may), and the last owner can neither leave nor be
// removed. It is bound to requests, not to model deletes, so that deleting a space or a user
// still cascades to its memberships.
func onMembershipDeleteRequest(e *core.RecordRequestEvent) error {
	return nextInTransaction(e, func(txApp core.App, next func() error) error {
		stored, err := txApp.FindRecordById(schema.CollectionMemberships, e.Record.Id)
		if err != nil {
			return e.NotFoundError("", err)
		}
		m := schema.AsMembership(stored)
		if m.Role() != schema.RoleOwner {
			return next()
		}
		leaving := e.Auth != nil && e.Auth.Id == m.User()
		if !leaving && !e.HasSuperuserAuth() {
			if err := requireOwner(e.RequestEvent, txApp, m.Space(), "Only an owner can remove an owner."); err != nil {
				return err
			}
		}
		if err := ensureAnotherOwner(e.RequestEvent, txApp, m.Space(), stored.Id); err != nil {
			return err
		}
		return next()
	})
}
