package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Creates sessions: one row per signed-in device, written only by Folio's hooks. A user lists,
// views and deletes (= revokes) its own sessions; nobody creates or updates them through the
// API (the accounts hooks refuse it even to superusers, whose delete revokes too).
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
		if err != nil {
			return err
		}
		c := core.NewBaseCollection(schema.CollectionSessions)
		c.Fields.Add(
			&core.RelationField{Name: schema.SessionUser, CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.SelectField{Name: schema.SessionMethod, Required: true, MaxSelect: 1, Values: schema.SessionMethods},
			&core.TextField{Name: schema.SessionIP, Max: 64},
			&core.TextField{Name: schema.SessionUserAgent, Max: 512},
			&core.TextField{Name: schema.SessionClient, Max: 120, Presentable: true},
			&core.TextField{Name: schema.SessionOS, Max: 120},
			&core.SelectField{Name: schema.SessionDevice, MaxSelect: 1, Values: []string{"desktop", "mobile", "tablet", "bot", "unknown"}},
			&core.AutodateField{Name: schema.SessionCreated, OnCreate: true},
			&core.DateField{Name: schema.SessionLastActive, Required: true},
			&core.DateField{Name: schema.SessionIdleExpires, Required: true},
			&core.DateField{Name: schema.SessionExpires, Required: true},
			&core.DateField{Name: schema.SessionRevokedAt},
			&core.SelectField{Name: schema.SessionRevokedReason, MaxSelect: 1, Values: schema.RevokeReasons},
		)
		c.AddIndex("idx_sessions_user_created", false, schema.SessionUser+", "+schema.SessionCreated, "")
		// the live sessions of a user, read at every sign-in, whatever the user's history
		c.AddIndex("idx_sessions_user_live", false, schema.SessionUser+", "+schema.SessionCreated, schema.SessionRevokedAt+" = ''")

		own := fmt.Sprintf("@request.auth.collectionName = %q && %s = @request.auth.id", schema.CollectionUsers, schema.SessionUser)
		c.ListRule = types.Pointer(own)
		c.ViewRule = types.Pointer(own)
		c.DeleteRule = types.Pointer(own)
		c.CreateRule = nil
		c.UpdateRule = nil
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionSessions)
	})
}
