package replica

import (
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Status is how far the replica is behind the database.
type Status struct {
	Enabled bool `json:"enabled"`
	// InSync is true when the replica holds the last local transaction.
	InSync bool `json:"inSync"`
	// BehindSeconds is how long the replica has not held the last local transaction (0 in sync).
	BehindSeconds float64 `json:"behindSeconds"`
	// BehindTransactions counts the local transactions the replica does not hold yet.
	BehindTransactions uint64 `json:"behindTransactions"`
}

// Detail is Status with what a superuser needs to check the setup; never the credentials.
type Detail struct {
	Status
	Replica             string    `json:"replica,omitempty"`
	SyncIntervalSeconds float64   `json:"syncIntervalSeconds,omitempty"`
	LocalTXID           uint64    `json:"localTxid"`
	ReplicatedTXID      uint64    `json:"replicatedTxid"`
	LastInSync          time.Time `json:"lastInSync,omitzero"`
	Synchronous         string    `json:"synchronous"`
}

// tracker follows a stream's positions and says how far behind it is.
type tracker struct {
	cfg    Config
	stream stream
	logger *slog.Logger

	mu         sync.Mutex
	lastInSync time.Time
	warnedAt   time.Time
}

func newTracker(cfg Config, s stream, logger *slog.Logger, now time.Time) *tracker {
	return &tracker{cfg: cfg, stream: s, logger: logger, lastInSync: now}
}

// detail reads the positions at now.
func (t *tracker) detail(now time.Time) Detail {
	local, replicated := t.stream.Positions()
	t.mu.Lock()
	defer t.mu.Unlock()
	d := Detail{
		Status:              Status{Enabled: true},
		Replica:             t.cfg.String(),
		SyncIntervalSeconds: t.cfg.SyncInterval.Seconds(),
		LocalTXID:           local,
		ReplicatedTXID:      replicated,
	}
	if replicated >= local {
		t.lastInSync = now
		d.InSync = true
	} else {
		d.BehindTransactions = local - replicated
		d.BehindSeconds = now.Sub(t.lastInSync).Seconds()
	}
	d.LastInSync = t.lastInSync
	return d
}

// lagLogEvery is how often a lagging replica is reported in the log.
const lagLogEvery = 10 * time.Second

// check logs a warning, at most every lagLogEvery, while the replica is more than a few sync
// intervals behind, and a line when it has caught up again.
func (t *tracker) check(now time.Time) Detail {
	d := t.detail(now)
	threshold := max(5*t.cfg.SyncInterval, 5*time.Second).Seconds()
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case d.BehindSeconds > threshold && now.Sub(t.warnedAt) >= lagLogEvery:
		t.warnedAt = now
		t.logger.Warn("Replica is behind: writes go on locally and are shipped when the storage answers again",
			slog.String("replica", d.Replica), slog.Float64("behindSeconds", d.BehindSeconds),
			slog.Uint64("behindTransactions", d.BehindTransactions))
	case d.InSync && !t.warnedAt.IsZero():
		t.warnedAt = time.Time{}
		t.logger.Info("Replica caught up", slog.String("replica", d.Replica),
			slog.Uint64("txid", d.ReplicatedTXID))
	}
	return d
}

// bindRoutes adds GET /api/folio/health (anyone: is the replica in sync, for a load balancer or
// a monitor) and GET /api/folio/replica (superusers: the replica's name and positions).
func bindRoutes(se *core.ServeEvent, current func() *tracker) {
	se.Router.GET("/api/folio/health", func(e *core.RequestEvent) error {
		return e.JSON(http.StatusOK, map[string]any{"code": http.StatusOK, "replica": currentDetail(current()).Status})
	})
	se.Router.GET("/api/folio/replica", func(e *core.RequestEvent) error {
		return e.JSON(http.StatusOK, currentDetail(current()))
	}).Bind(apis.RequireSuperuserAuth())
}

func currentDetail(t *tracker) Detail {
	mode, _ := Synchronous()
	if t == nil {
		return Detail{Synchronous: mode}
	}
	d := t.detail(time.Now())
	d.Synchronous = mode
	return d
}
