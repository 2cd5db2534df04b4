package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Creates memberships: who holds which role in which space. Members see the space's members;
// owners and admins manage them; anyone may leave (the hooks keep the last owner in place).
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
		c := core.NewBaseCollection(schema.CollectionMemberships)
		c.Fields.Add(
			&core.RelationField{Name: schema.MembershipSpace, CollectionId: spaces.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: schema.MembershipUser, CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.SelectField{Name: schema.MembershipRole, Required: true, MaxSelect: 1, Values: schema.Roles},
			&core.AutodateField{Name: schema.MembershipCreated, OnCreate: true},
			&core.AutodateField{Name: schema.MembershipUpdated, OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_memberships_space_user", true, schema.MembershipSpace+", "+schema.MembershipUser, "")
		c.AddIndex("idx_memberships_user", false, schema.MembershipUser, "")

		manager := memberRule(schema.MembershipSpace, managers...)
		c.ListRule = types.Pointer(fmt.Sprintf("%s = @request.auth.id || (%s)", schema.MembershipUser, memberRule(schema.MembershipSpace)))
		c.ViewRule = c.ListRule
		c.CreateRule = types.Pointer(memberRule("@request.body."+schema.MembershipSpace, managers...))
		c.UpdateRule = types.Pointer(fmt.Sprintf("@request.body.%s:changed = false && @request.body.%s:changed = false && %s",
			schema.MembershipSpace, schema.MembershipUser, manager))
		c.DeleteRule = types.Pointer(fmt.Sprintf("%s = @request.auth.id || (%s)", schema.MembershipUser, manager))
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionMemberships)
	})
}
