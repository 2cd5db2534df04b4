package replica

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// closeTimeout bounds the last upload when Folio stops.
const closeTimeout = 15 * time.Second

// Register binds the restore on start (before the database is opened), replication while
// serving, its status routes, and the last upload on shutdown.
func Register(app core.App) error {
	r := &runner{}
	app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
		if err := restoreOnBootstrap(e.App, os.Args[1:]); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if err := r.start(se.App); err != nil {
			return err
		}
		bindRoutes(se, r.current)
		return se.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		// PocketBase closes its connections first: Litestream's file handle must outlive them.
		err := e.Next()
		r.stop()
		return err
	})
	return nil
}

// runner holds the replication of one serving app.
type runner struct {
	mu      sync.Mutex
	stream  stream
	tracker *tracker
	logger  *slog.Logger
	done    chan struct{}
}

func (r *runner) current() *tracker {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.tracker
}

// start begins replicating data.db when FOLIO_REPLICA_URL is set.
func (r *runner) start(app core.App) error {
	cfg, ok, err := ConfigFromEnv()
	if err != nil || !ok {
		return err
	}
	logger := app.Logger().With(slog.String("concern", "replica"))
	s, err := openStream(context.Background(), filepath.Join(app.DataDir(), "data.db"), cfg, logger)
	if err != nil {
		return err
	}
	replaceNightlyCheckpoint(app)
	t := newTracker(cfg, s, logger, time.Now())
	r.mu.Lock()
	r.stream, r.tracker, r.logger, r.done = s, t, logger, make(chan struct{})
	done := r.done
	r.mu.Unlock()
	logger.Info("Replicating the database", slog.String("replica", cfg.String()),
		slog.String("syncInterval", cfg.SyncInterval.String()))
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-tick.C:
				t.check(now)
			}
		}
	}()
	return nil
}

// stop ships what is left, within closeTimeout, and ends replication.
func (r *runner) stop() {
	r.mu.Lock()
	s, done, logger := r.stream, r.done, r.logger
	r.stream, r.tracker, r.done = nil, nil, nil
	r.mu.Unlock()
	if s == nil {
		return
	}
	close(done)
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	if err := s.Close(ctx); err != nil {
		logger.Warn("Replica: the last upload did not finish", slog.String("error", err.Error()))
	}
}
