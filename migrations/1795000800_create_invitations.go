package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Creates invitations: an owner or admin invites an email address into a space with a role.
// The one-time token is stored only as a hash. Managers see and revoke their space's
// invitations; the invitee sees the ones addressed to its verified email. State changes go
// through Folio's invitation routes, so nobody updates through the records API.
func init() {
	m.Register(func(app core.App) error {
		spaces, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
		if err != nil {
			return err
		}
		c := core.NewBaseCollection(schema.CollectionInvitations)
		c.Fields.Add(
			&core.RelationField{Name: schema.InvitationSpace, CollectionId: spaces.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.EmailField{Name: schema.InvitationEmail, Required: true},
			&core.SelectField{Name: schema.InvitationRole, Required: true, MaxSelect: 1, Values: schema.Roles},
			&core.TextField{Name: schema.InvitationTokenHash, Hidden: true, Max: 128},
			&core.RelationField{Name: schema.InvitationInviter, CollectionId: users.Id, MaxSelect: 1},
			&core.DateField{Name: schema.InvitationExpires},
			&core.SelectField{Name: schema.InvitationStatus, MaxSelect: 1, Values: []string{
				schema.InvitationPending, schema.InvitationAccepted, schema.InvitationDeclined, schema.InvitationRevoked}},
			&core.DateField{Name: schema.InvitationRespondedAt},
			&core.AutodateField{Name: schema.InvitationCreated, OnCreate: true},
			&core.AutodateField{Name: schema.InvitationUpdated, OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_invitations_token_hash", false, schema.InvitationTokenHash, "")
		c.AddIndex("idx_invitations_space_email", false, schema.InvitationSpace+", "+schema.InvitationEmail, "")

		manager := memberRule(schema.InvitationSpace, managers...)
		c.ListRule = types.Pointer(fmt.Sprintf("(%s) || (@request.auth.verified = true && %s = @request.auth.email)", manager, schema.InvitationEmail))
		c.ViewRule = c.ListRule
		c.CreateRule = types.Pointer(memberRule("@request.body."+schema.InvitationSpace, managers...))
		c.UpdateRule = nil
		c.DeleteRule = types.Pointer(manager)
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionInvitations)
	})
}
