package factors

import (
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/pquerna/otp"

	"folio/hooks/schema"
)

var (
	errWrongCode = errors.New("wrong code")
	errReplay    = errors.New("code already used")
	errNoTOTP    = errors.New("no authenticator app")
)

// checkTOTP verifies code against user's confirmed authenticator app, ±1 time step, and
// records the step so the same code (or an older one) is never accepted again. A secret
// sealed with a previous key is re-sealed with the current one.
func (s *service) checkTOTP(app core.App, user *core.Record, code string, now time.Time) error {
	f := findFactor(app, user.Id, schema.FactorKindTOTP, true)
	if f == nil {
		return errNoTOTP
	}
	return s.checkTOTPFactor(app, f, code, now)
}

func (s *service) checkTOTPFactor(app core.App, f *core.Record, code string, now time.Time) error {
	keys := s.config().Keys
	secret, stale, err := open(keys, f.GetString(schema.FactorSecret), []byte(f.GetString(schema.FactorUser)))
	if err != nil {
		if err != errNoKey && err != errUnknownKey {
			app.Logger().Error("could not open an authenticator secret", "factor", f.Id, "error", err)
		}
		return err
	}
	step, ok := matchTOTP(string(secret), code, now, totpOpts(totpDigits, otp.AlgorithmSHA1))
	if !ok {
		return errWrongCode
	}
	// the step only moves forward, in one statement: of two requests with one code, one wins
	at, err := types.ParseDateTime(now)
	if err != nil {
		return err
	}
	res, err := app.NonconcurrentDB().Update(schema.CollectionFactors,
		dbx.Params{schema.FactorLastStep: step, schema.FactorLastUsed: at.String()},
		dbx.And(dbx.HashExp{"id": f.Id}, dbx.NewExp("[["+schema.FactorLastStep+"]] < {:step}", dbx.Params{"step": step}))).Execute()
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errReplay
	}
	if stale {
		if resealed, err := seal(keys, secret, []byte(f.GetString(schema.FactorUser))); err == nil {
			_, err = app.NonconcurrentDB().Update(schema.CollectionFactors, dbx.Params{schema.FactorSecret: resealed}, dbx.HashExp{"id": f.Id}).Execute()
			if err != nil {
				app.Logger().Warn("could not re-seal an authenticator secret", "factor", f.Id, "error", err)
			}
		}
	}
	return nil
}
