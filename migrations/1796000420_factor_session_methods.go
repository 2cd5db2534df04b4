package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Lets sessions record sign-ins that took a second factor ("password+totp", "passkey", …) and
// the revoke reason of removing a factor.
func init() {
	m.Register(func(app core.App) error {
		return setSessionSelects(app, schema.SessionMethods, schema.RevokeReasons)
	}, func(app core.App) error {
		methods := slices.DeleteFunc(slices.Clone(schema.SessionMethods), func(v string) bool {
			return slices.Contains(schema.SessionMethodsWithFactors, v)
		})
		reasons := slices.DeleteFunc(slices.Clone(schema.RevokeReasons), func(v string) bool { return v == schema.RevokedFactorRemoved })
		return setSessionSelects(app, methods, reasons)
	})
}

func setSessionSelects(app core.App, methods, reasons []string) error {
	c, err := app.FindCollectionByNameOrId(schema.CollectionSessions)
	if err != nil {
		return err
	}
	if f, ok := c.Fields.GetByName(schema.SessionMethod).(*core.SelectField); ok {
		f.Values = methods
	}
	if f, ok := c.Fields.GetByName(schema.SessionRevokedReason).(*core.SelectField); ok {
		f.Values = reasons
	}
	return app.Save(c)
}
