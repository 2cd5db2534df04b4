package accounts

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// endedSessionsKept is how long a revoked or expired session stays listed, so that "your
// devices" can still say how it ended.
const endedSessionsKept = 30 * 24 * time.Hour

// cleanupSessions deletes sessions that ended more than endedSessionsKept ago (hourly cron).
// They are over either way, so record hooks are skipped (the cache still refuses them).
func (s *service) cleanupSessions(app core.App) {
	n, err := deleteEndedSessions(app, s.now().Add(-endedSessionsKept))
	if err != nil {
		app.Logger().Error("sessions cleanup failed", "error", err)
		return
	}
	if n > 0 {
		app.Logger().Info("sessions cleanup", "deleted", n)
	}
}

// deleteEndedSessions removes sessions revoked or expired before cutoff and returns how many.
func deleteEndedSessions(app core.App, cutoff time.Time) (int64, error) {
	at, err := types.ParseDateTime(cutoff)
	if err != nil {
		return 0, err
	}
	res, err := app.NonconcurrentDB().Delete(schema.CollectionSessions, dbx.NewExp(
		fmt.Sprintf("([[%s]] != '' AND [[%s]] < {:at}) OR [[%s]] < {:at} OR [[%s]] < {:at}",
			schema.SessionRevokedAt, schema.SessionRevokedAt, schema.SessionExpires, schema.SessionIdleExpires),
		dbx.Params{"at": at.String()})).Execute()
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
