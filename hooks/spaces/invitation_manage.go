package spaces

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// findManagedInvitation returns the invitation the path's {id} names when the caller manages its
// space, judged by the collection's own delete rule (owners and admins) so that the routes and
// the records API agree. A caller who may not even see the invitation gets 404, as from the
// records API; one who sees it without managing it (the invitee) gets 403 saying so.
func findManagedInvitation(e *core.RequestEvent, app core.App, action string) (*core.Record, error) {
	inv, err := app.FindRecordById(schema.CollectionInvitations, e.Request.PathValue("id"))
	if err != nil {
		return nil, e.NotFoundError("", err)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return nil, e.BadRequestError("", err)
	}
	c := inv.Collection()
	if ok, _ := app.CanAccessRecord(inv, info, c.DeleteRule); ok {
		return inv, nil
	}
	if ok, _ := app.CanAccessRecord(inv, info, c.ViewRule); ok {
		return nil, e.ForbiddenError(fmt.Sprintf("Only the space's owners and admins can %s invitations.", action), nil)
	}
	return nil, e.NotFoundError("", nil)
}
