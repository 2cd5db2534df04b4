package factors

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// recoveryCodeCount is how many recovery codes a set holds.
const recoveryCodeCount = 10

// recoveryAlphabet leaves out look-alikes (0/o, 1/l/i).
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

var errNoRecoveryCode = errors.New("no such unused recovery code")

// newRecoveryCodes makes a set of codes, "xxxxx-xxxxx" (50 bits each).
func newRecoveryCodes() ([]string, error) {
	codes := make([]string, recoveryCodeCount)
	buf := make([]byte, 10)
	for i := range codes {
		if _, err := rand.Read(buf); err != nil {
			return nil, err
		}
		out := make([]byte, 0, 11)
		for j, b := range buf {
			if j == 5 {
				out = append(out, '-')
			}
			out = append(out, recoveryAlphabet[int(b)%len(recoveryAlphabet)])
		}
		codes[i] = string(out)
	}
	return codes, nil
}

// hashRecoveryCode is the stored form of a code: SHA-256 over the owner and the code (the
// codes are random, so a slow hash would add nothing; the owner keeps equal codes apart).
func hashRecoveryCode(user, code string) string {
	sum := sha256.Sum256([]byte(user + "\x00" + recoveryCodeInput(code)))
	return hex.EncodeToString(sum[:])
}

// replaceRecoveryCodes gives user a fresh set of codes, voiding any old set, and returns them
// (the only time they are seen).
func replaceRecoveryCodes(app core.App, user string) ([]string, error) {
	codes, err := newRecoveryCodes()
	if err != nil {
		return nil, err
	}
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = hashRecoveryCode(user, c)
	}
	r := findFactor(app, user, schema.FactorKindRecovery, true)
	if r == nil {
		col, err := app.FindCachedCollectionByNameOrId(schema.CollectionFactors)
		if err != nil {
			return nil, err
		}
		r = core.NewRecord(col)
		r.Set(schema.FactorUser, user)
		r.Set(schema.FactorKind, schema.FactorKindRecovery)
		r.Set(schema.FactorName, "Recovery codes")
		r.Set(schema.FactorConfirmed, true)
	}
	r.Set(schema.FactorCodes, hashes)
	r.Set(schema.FactorRemaining, len(hashes))
	return codes, app.Save(r)
}

// ensureRecoveryCodes gives user a set of codes when it has none; nil when it had one.
func ensureRecoveryCodes(app core.App, user string) ([]string, error) {
	if findFactor(app, user, schema.FactorKindRecovery, true) != nil {
		return nil, nil
	}
	return replaceRecoveryCodes(app, user)
}

// useRecoveryCode spends one of user's codes and returns how many remain.
func (s *service) useRecoveryCode(app core.App, user *core.Record, code string, now time.Time) (int, error) {
	want := hashRecoveryCode(user.Id, code)
	remaining := 0
	err := app.RunInTransaction(func(txApp core.App) error {
		r := findFactor(txApp, user.Id, schema.FactorKindRecovery, true)
		if r == nil {
			return errNoRecoveryCode
		}
		var hashes []string
		if err := r.UnmarshalJSONField(schema.FactorCodes, &hashes); err != nil {
			return err
		}
		at := -1
		for i, h := range hashes {
			if subtle.ConstantTimeCompare([]byte(h), []byte(want)) == 1 {
				at = i
			}
		}
		if at < 0 {
			return errNoRecoveryCode
		}
		hashes = append(hashes[:at], hashes[at+1:]...)
		remaining = len(hashes)
		r.Set(schema.FactorCodes, hashes)
		r.Set(schema.FactorRemaining, remaining)
		r.Set(schema.FactorLastUsed, now)
		return txApp.Save(r)
	})
	return remaining, err
}
