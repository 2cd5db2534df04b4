package spaces

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// onMembershipCreateRequest runs when a member is added through the API, the dashboard included
// (the create rule has let an owner or admin of the space through). Only an owner may add an
// owner; superusers may add anyone.
func onMembershipCreateRequest(e *core.RecordRequestEvent) error {
	m := schema.AsMembership(e.Record)
	if e.HasSuperuserAuth() || m.Role() != schema.RoleOwner {
		return e.Next()
	}
	return nextInTransaction(e, func(txApp core.App, next func() error) error {
		if err := requireOwner(e.RequestEvent, txApp, m.Space(), "Only an owner can make someone an owner."); err != nil {
			return err
		}
		return next()
	})
}
