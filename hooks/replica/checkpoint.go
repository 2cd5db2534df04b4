package replica

import (
	"log/slog"

	"github.com/pocketbase/pocketbase/core"
)

// pbNightlyJob is PocketBase's nightly job that checkpoints both databases with TRUNCATE and runs
// PRAGMA optimize.
const pbNightlyJob = "__pbDBOptimize__"

// NightlyJob replaces pbNightlyJob while data.db is replicated.
const NightlyJob = "folioDBOptimize"

// replaceNightlyCheckpoint swaps PocketBase's nightly job for one that leaves data.db's WAL to
// Litestream. A TRUNCATE checkpoint waits (busy_timeout, 10 s) for every reader to leave the WAL
// while holding the write lock, and Litestream keeps a read transaction open: every night writes
// would stand still for 10 s and the checkpoint would fail anyway. Litestream checkpoints data.db
// itself; auxiliary.db and PRAGMA optimize keep PocketBase's schedule.
func replaceNightlyCheckpoint(app core.App) {
	app.Cron().Remove(pbNightlyJob)
	app.Cron().MustAdd(NightlyJob, "0 0 * * *", func() {
		if _, err := app.AuxNonconcurrentDB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute(); err != nil {
			app.Logger().Warn("Failed to run the nightly wal_checkpoint of the auxiliary DB", slog.String("error", err.Error()))
		}
		if _, err := app.NonconcurrentDB().NewQuery("PRAGMA optimize").Execute(); err != nil {
			app.Logger().Warn("Failed to run the nightly PRAGMA optimize", slog.String("error", err.Error()))
		}
	})
}
