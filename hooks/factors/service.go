package factors

import (
	"errors"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/throttle"
)

// service is the factors state of one app: its settings and the second-step throttle.
type service struct {
	cfg      atomic.Pointer[Config]
	throttle *throttle.Throttle
}

const storeKey = "folio.factors"

func newService(cfg Config) *service {
	s := &service{throttle: throttle.New()}
	s.cfg.Store(&cfg)
	return s
}

func (s *service) config() Config { return *s.cfg.Load() }

func (s *service) now() time.Time { return s.cfg.Load().Now() }

// Configure replaces the factors settings of an app on which Register already ran; zero
// fields take their defaults. Tests use it to install a key and a controllable clock.
func Configure(app core.App, cfg Config) error {
	s, ok := app.Store().Get(storeKey).(*service)
	if !ok {
		return errors.New("factors: Register has not run on this app")
	}
	cfg = cfg.withDefaults()
	s.cfg.Store(&cfg)
	return nil
}
