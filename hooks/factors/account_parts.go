package factors

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/export"
	"folio/hooks/schema"
)

// addExportParts registers the factors part of a person's data: the export lists each factor
// (kind, name, dates, recovery codes left) and never a secret; account deletion removes them
// and any pending challenge.
func addExportParts(app core.App) {
	export.Add(app, export.Part{Name: schema.CollectionFactors, Export: exportFactors, Erase: eraseFactors})
}

func exportFactors(app core.App, user *core.Record) (any, error) {
	fs, err := app.FindAllRecords(schema.CollectionFactors, dbx.HashExp{schema.FactorUser: user.Id})
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(fs))
	for _, f := range fs {
		item := map[string]any{
			"id": f.Id, schema.FactorKind: f.GetString(schema.FactorKind), schema.FactorName: f.GetString(schema.FactorName),
			schema.FactorConfirmed: f.GetBool(schema.FactorConfirmed), schema.FactorCreated: f.GetDateTime(schema.FactorCreated),
			schema.FactorLastUsed: f.GetDateTime(schema.FactorLastUsed),
		}
		if schema.AsFactor(f).Kind() == schema.FactorKindRecovery {
			item[schema.FactorRemaining] = f.GetInt(schema.FactorRemaining)
		}
		out = append(out, item)
	}
	return out, nil
}

func eraseFactors(app core.App, user *core.Record) error {
	for _, c := range []struct{ collection, field string }{
		{schema.CollectionFactors, schema.FactorUser},
		{schema.CollectionFactorChallenges, schema.ChallengeUser},
	} {
		rs, err := app.FindAllRecords(c.collection, dbx.HashExp{c.field: user.Id})
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := app.Delete(r); err != nil {
				return err
			}
		}
	}
	return nil
}
