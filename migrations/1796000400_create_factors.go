package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Creates factors: a user's second factors. The owner lists and views its own (secrets are in
// hidden fields and never serialized); nobody creates, updates or deletes them through the
// record API: the factors routes do, after checking a code or a password.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
		if err != nil {
			return err
		}
		c := core.NewBaseCollection(schema.CollectionFactors)
		c.Fields.Add(
			&core.RelationField{Name: schema.FactorUser, CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.SelectField{Name: schema.FactorKind, Required: true, MaxSelect: 1, Values: schema.FactorKinds},
			&core.TextField{Name: schema.FactorName, Max: 80, Presentable: true},
			&core.BoolField{Name: schema.FactorConfirmed},
			&core.TextField{Name: schema.FactorSecret, Max: 512, Hidden: true},
			&core.NumberField{Name: schema.FactorLastStep, OnlyInt: true, Hidden: true},
			&core.JSONField{Name: schema.FactorCodes, MaxSize: 4096, Hidden: true},
			&core.NumberField{Name: schema.FactorRemaining, OnlyInt: true},
			&core.JSONField{Name: schema.FactorCredential, MaxSize: 16384, Hidden: true},
			&core.TextField{Name: schema.FactorCredentialId, Max: 1400, Hidden: true},
			&core.DateField{Name: schema.FactorLastUsed},
			&core.AutodateField{Name: schema.FactorCreated, OnCreate: true},
			&core.AutodateField{Name: schema.FactorUpdated, OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_factors_user_kind", false, schema.FactorUser+", "+schema.FactorKind, "")
		c.AddIndex("idx_factors_credential_id", true, schema.FactorCredentialId, schema.FactorCredentialId+" != ''")

		own := fmt.Sprintf("@request.auth.collectionName = %q && %s = @request.auth.id", schema.CollectionUsers, schema.FactorUser)
		c.ListRule = types.Pointer(own)
		c.ViewRule = types.Pointer(own)
		c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionFactors)
	})
}
