package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Allows at most one pending invitation per space and address. The invitation hook refuses a
// second one with a clear message; this index keeps that true even for two requests at once.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionInvitations)
		if err != nil {
			return err
		}
		c.AddIndex("idx_invitations_one_pending", true,
			schema.InvitationSpace+", "+schema.InvitationEmail,
			fmt.Sprintf("%s = '%s'", schema.InvitationStatus, schema.InvitationPending))
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionInvitations)
		if err != nil {
			return err
		}
		c.RemoveIndex("idx_invitations_one_pending")
		return app.Save(c)
	})
}
