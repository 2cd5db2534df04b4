package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Sets the users API rules: a user sees itself and the members of the spaces it shares (the
// hooks strip those records down to name and avatar). Sign-up stays open; accounts are deleted
// through Folio's account route, which asks for the password.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
		if err != nil {
			return err
		}
		// from the caller's memberships to their spaces to those spaces' memberships: every join
		// starts at the caller, so each users row is tested against the caller's co-members only
		// (about twice as fast as pairing each user's memberships with the caller's, and no
		// missing membership on either side can compare equal to another)
		shared := fmt.Sprintf("@request.auth.%s_via_%s.%s.%s_via_%s.%s ?= id",
			schema.CollectionMemberships, schema.MembershipUser, schema.MembershipSpace,
			schema.CollectionMemberships, schema.MembershipSpace, schema.MembershipUser)
		c.ListRule = types.Pointer(fmt.Sprintf("id = @request.auth.id || (%s)", shared))
		c.ViewRule = c.ListRule
		c.CreateRule = types.Pointer("")
		c.UpdateRule = types.Pointer("id = @request.auth.id")
		c.DeleteRule = nil
		return app.Save(c)
	}, nil)
}
