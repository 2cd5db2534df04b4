package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Creates factor_challenges: pending second steps of sign-ins (the id is the mfaId a client
// holds) and pending WebAuthn ceremonies. No API rules: only the server (and superusers in the
// dashboard) see them; expired ones are swept by a cron job.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
		if err != nil {
			return err
		}
		c := core.NewBaseCollection(schema.CollectionFactorChallenges)
		c.Fields.Add(
			&core.SelectField{Name: schema.ChallengePurpose, Required: true, MaxSelect: 1, Values: schema.ChallengePurposes},
			&core.RelationField{Name: schema.ChallengeUser, CollectionId: users.Id, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: schema.ChallengeFirstMethod, Max: 32},
			&core.JSONField{Name: schema.ChallengeData, MaxSize: 16384, Hidden: true},
			&core.NumberField{Name: schema.ChallengeFailures, OnlyInt: true},
			&core.DateField{Name: schema.ChallengeExpires, Required: true},
			&core.AutodateField{Name: schema.ChallengeCreated, OnCreate: true},
		)
		c.AddIndex("idx_factor_challenges_expires", false, schema.ChallengeExpires, "")
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionFactorChallenges)
	})
}
