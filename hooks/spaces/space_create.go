package spaces

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// onSpaceCreateRequest runs when a space is created through the API (the create rule has already
// let a signed-in user through). The space and its creator's owner membership are saved in one
// transaction: a space never exists without an owner, and a failed membership saves nothing.
//
// A superuser creating a space in the dashboard has no users record to make owner: the space is
// created without members, and the superuser adds an owner membership next.
func onSpaceCreateRequest(e *core.RecordRequestEvent) error {
	creator := e.Auth
	if creator == nil || creator.Collection().Name != schema.CollectionUsers {
		return e.Next()
	}
	if e.Record.GetString(schema.SpaceSourceLocale) == "" {
		e.Record.Set(schema.SpaceSourceLocale, schema.AsUser(creator).Locale())
	}
	return nextInTransaction(e, func(txApp core.App, next func() error) error {
		if err := next(); err != nil {
			return err
		}
		if _, err := addMember(txApp, e.Record.Id, creator.Id, schema.RoleOwner); err != nil {
			txApp.Logger().Error("Failed to make the creator of a space its owner", "error", err, "space", e.Record.Id, "user", creator.Id)
			return e.BadRequestError("Failed to create the space: its owner membership could not be saved. Try again.", nil)
		}
		return nil
	})
}
