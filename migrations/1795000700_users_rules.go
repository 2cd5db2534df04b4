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
		them := "@collection." + schema.CollectionMemberships + ":them"
		me := "@collection." + schema.CollectionMemberships + ":me"
		shared := fmt.Sprintf("%s.%s ?= id && %s.%s ?= @request.auth.id && %s.%s ?= %s.%s",
			them, schema.MembershipUser, me, schema.MembershipUser, them, schema.MembershipSpace, me, schema.MembershipSpace)
		c.ListRule = types.Pointer(fmt.Sprintf("id = @request.auth.id || (%s)", shared))
		c.ViewRule = c.ListRule
		c.CreateRule = types.Pointer("")
		c.UpdateRule = types.Pointer("id = @request.auth.id")
		c.DeleteRule = nil
		return app.Save(c)
	}, nil)
}
