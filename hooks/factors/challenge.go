package factors

import (
	"encoding/json"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// newChallenge saves a challenge for purpose (user may be "" for a passwordless sign-in),
// expiring ttl from now, with data kept server-side.
func newChallenge(app core.App, purpose, user, firstMethod string, data any, now time.Time, ttl time.Duration) (*core.Record, error) {
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionFactorChallenges)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	r.Set(schema.ChallengePurpose, purpose)
	r.Set(schema.ChallengeUser, user)
	r.Set(schema.ChallengeFirstMethod, firstMethod)
	if data != nil {
		r.Set(schema.ChallengeData, data)
	}
	r.Set(schema.ChallengeExpires, now.Add(ttl))
	return r, app.Save(r)
}

// findChallenge returns the live challenge id of purpose; nil when there is none (unknown,
// expired, other purpose, or, when user is not "", someone else's).
func findChallenge(app core.App, id, purpose, user string, now time.Time) *core.Record {
	if id == "" || len(id) > 64 {
		return nil
	}
	r, err := app.FindRecordById(schema.CollectionFactorChallenges, id)
	if err != nil {
		return nil
	}
	ch := schema.AsChallenge(r)
	if ch.Purpose() != purpose || !ch.Expires().Time().After(now) || (user != "" && ch.User() != user) {
		return nil
	}
	return r
}

// consumeChallenge deletes the challenge and reports whether this call did: of two requests
// racing with one challenge, only one goes on.
func consumeChallenge(app core.App, id string) bool {
	res, err := app.NonconcurrentDB().Delete(schema.CollectionFactorChallenges, dbx.HashExp{"id": id}).Execute()
	if err != nil {
		return false
	}
	n, err := res.RowsAffected()
	return err == nil && n == 1
}

// challengeData decodes the challenge's server-side data into v.
func challengeData(r *core.Record, v any) error {
	raw, _ := r.GetRaw(schema.ChallengeData).(types.JSONRaw)
	return json.Unmarshal(raw, v)
}

// deleteExpiredChallenges sweeps challenges past their expiry.
func deleteExpiredChallenges(app core.App, now time.Time) error {
	at, err := types.ParseDateTime(now)
	if err != nil {
		return err
	}
	_, err = app.NonconcurrentDB().Delete(schema.CollectionFactorChallenges,
		dbx.NewExp("[["+schema.ChallengeExpires+"]] < {:now}", dbx.Params{"now": at.String()})).Execute()
	return err
}
