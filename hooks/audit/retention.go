package audit

import (
	"fmt"
	"os"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
)

// EnvRetention sets how long audit events are kept (a Go duration; "0" keeps them forever).
const EnvRetention = "FOLIO_AUDIT_RETENTION"

// DefaultRetention is one year.
const DefaultRetention = 365 * 24 * time.Hour

func retentionFromEnv() (time.Duration, error) {
	v := os.Getenv(EnvRetention)
	if v == "" {
		return DefaultRetention, nil
	}
	if v == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q: want a positive Go duration such as 8760h, or 0 to keep events forever", EnvRetention, v)
	}
	return d, nil
}

// pruneOlderThan is the daily retention job: it deletes events older than keep and records
// the cut in the chain.
func pruneOlderThan(app core.App, keep time.Duration) {
	n, err := auditlog.Prune(app, time.Now().Add(-keep), auditlog.Actor{Via: "retention"})
	if err != nil {
		app.Logger().Error("audit retention pruning failed", "error", err)
		return
	}
	if n > 0 {
		app.Logger().Info("audit retention pruning", "deleted", n)
	}
}
