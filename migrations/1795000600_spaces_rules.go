package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Sets the spaces API rules: public spaces are readable by anyone, private ones by members;
// any signed-in user creates spaces (and becomes the owner); owners and admins edit; only
// owners delete.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
		if err != nil {
			return err
		}
		c.ListRule = types.Pointer(fmt.Sprintf("%s = %q || (%s)", schema.SpaceVisibility, schema.VisibilityPublic, memberRule("id")))
		c.ViewRule = c.ListRule
		c.CreateRule = types.Pointer(fmt.Sprintf("@request.auth.collectionName = %q", schema.CollectionUsers))
		c.UpdateRule = types.Pointer(memberRule("id", managers...))
		c.DeleteRule = types.Pointer(memberRule("id", schema.RoleOwner))
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
		if err != nil {
			return err
		}
		c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil, nil, nil
		return app.Save(c)
	})
}
