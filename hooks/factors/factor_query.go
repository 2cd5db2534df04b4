package factors

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// HasSecondFactor reports whether user has a confirmed authenticator app or passkey (recovery
// codes alone are a way back in, not a factor). It is one index probe.
func HasSecondFactor(app core.App, user string) (bool, error) {
	var one int
	err := app.DB().Select("(1)").From(schema.CollectionFactors).
		Where(dbx.HashExp{schema.FactorUser: user, schema.FactorConfirmed: true}).
		AndWhere(dbx.In(schema.FactorKind, schema.FactorKindTOTP, schema.FactorKindPasskey)).
		Limit(1).Row(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// findFactor returns user's factor of kind; confirmed picks confirmed or unconfirmed ones. Nil
// when there is none.
func findFactor(app core.App, user, kind string, confirmed bool) *core.Record {
	r, err := app.FindFirstRecordByFilter(schema.CollectionFactors,
		schema.FactorUser+" = {:user} && "+schema.FactorKind+" = {:kind} && "+schema.FactorConfirmed+" = {:confirmed}",
		dbx.Params{"user": user, "kind": kind, "confirmed": confirmed})
	if err != nil {
		return nil
	}
	return r
}

// findPasskeys lists user's passkeys.
func findPasskeys(app core.App, user string) ([]*core.Record, error) {
	return app.FindAllRecords(schema.CollectionFactors,
		dbx.HashExp{schema.FactorUser: user, schema.FactorKind: schema.FactorKindPasskey, schema.FactorConfirmed: true})
}
