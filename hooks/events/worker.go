package events

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// workerKey is where the app's store keeps its worker (transaction apps share the store).
const workerKey = "folio.events.worker"

// worker turns events into deliveries and notifications and sends due deliveries: one loop,
// woken after every commit that wrote events, and at least every Poll. Each webhook has at most
// one delivery in flight, its oldest pending one, so its events arrive in order.
type worker struct {
	app    core.App
	cfg    Config
	guard  guard
	client *http.Client
	wake   chan struct{}

	dispatchMu sync.Mutex // one Dispatch at a time

	// due says a delivery may have become due since the worker last looked: one was planned,
	// put back in the queue or finished an attempt. A wake without it (an event with no
	// webhook to deliver to) skips the look; the Poll tick always looks.
	due atomic.Bool

	mu       sync.Mutex
	inflight map[string]bool // webhook id → an attempt is running
	wg       sync.WaitGroup
	cancel   context.CancelFunc
}

func workerOf(app core.App) *worker {
	w, _ := app.Store().Get(workerKey).(*worker)
	return w
}

// bindWorker makes app's worker and starts it when app serves; it stops on terminate.
func bindWorker(app core.App, cfg Config) error {
	w := newWorker(app, cfg)
	app.Store().Set(workerKey, w)
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		w.start()
		return e.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		w.stop()
		return e.Next()
	})
	app.OnServe().BindFunc(bindRoutes)
	bindDigest(app)
	return nil
}

func newWorker(app core.App, cfg Config) *worker {
	g := newGuard(cfg)
	return &worker{app: app, cfg: cfg, guard: g, client: g.client(cfg.Timeout),
		wake: make(chan struct{}, 1), inflight: map[string]bool{}}
}

// StartWorker starts app's event worker outside of serve (tests, benchmarks) and returns the
// function that stops it and waits for attempts in flight.
func StartWorker(app core.App) (stop func()) {
	w := workerOf(app)
	w.start()
	return w.stop
}

func (w *worker) start() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cancel != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	w.wg.Add(1)
	go w.loop(ctx)
}

func (w *worker) stop() {
	w.mu.Lock()
	cancel := w.cancel
	w.cancel = nil
	w.mu.Unlock()
	if cancel != nil {
		cancel()
		w.wg.Wait()
	}
}

func (w *worker) nudge() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// nudgeDue wakes the worker to look for due deliveries as well.
func (w *worker) nudgeDue() {
	w.due.Store(true)
	w.nudge()
}

func (w *worker) loop(ctx context.Context) {
	defer w.wg.Done()
	tick := time.NewTicker(w.cfg.Poll)
	defer tick.Stop()
	ticked := true
	for {
		if _, err := Dispatch(w.app); err != nil {
			w.app.Logger().Error("Failed to dispatch events", "error", err)
		}
		if due := w.due.Swap(false); due || ticked {
			if err := w.launchDue(ctx, time.Now()); err != nil {
				w.app.Logger().Error("Failed to find due webhook deliveries", "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
			ticked = false
		case <-tick.C:
			ticked = true
		}
	}
}

// launchDue starts an attempt for each webhook's oldest pending delivery that is due, unless
// that webhook already has one running.
func (w *worker) launchDue(ctx context.Context, now time.Time) error {
	heads, err := findDueHeads(w.app, now)
	if err != nil {
		return err
	}
	for _, d := range heads {
		hook := d.webhook
		w.mu.Lock()
		busy := w.inflight[hook]
		if !busy {
			w.inflight[hook] = true
		}
		w.mu.Unlock()
		if busy {
			continue
		}
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			if err := w.attempt(ctx, d.id); err != nil {
				w.app.Logger().Error("Failed to record a webhook delivery attempt", "error", err, "delivery", d.id)
			}
			w.mu.Lock()
			delete(w.inflight, hook)
			w.mu.Unlock()
			w.nudgeDue()
		}()
	}
	return nil
}
