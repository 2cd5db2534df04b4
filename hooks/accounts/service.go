package accounts

import (
	"errors"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/throttle"
)

// service is the accounts state of one app: its settings, the session cache and the sign-in
// throttle. Register keeps it in the app's store so Configure can reach it.
type service struct {
	cfg      atomic.Pointer[Config]
	sessions *sessionCache
	throttle *throttle.Throttle
}

const storeKey = "folio.accounts"

func newService(cfg Config) *service {
	s := &service{sessions: newSessionCache(), throttle: throttle.New()}
	s.cfg.Store(&cfg)
	return s
}

func (s *service) config() Config { return *s.cfg.Load() }

func (s *service) now() time.Time { return s.cfg.Load().Now() }

// Configure replaces the accounts settings of an app on which Register already ran; zero
// fields take their defaults. Tests use it to install a controllable clock.
func Configure(app core.App, cfg Config) error {
	s, ok := app.Store().Get(storeKey).(*service)
	if !ok {
		return errors.New("accounts: Register has not run on this app")
	}
	cfg = cfg.withDefaults()
	s.cfg.Store(&cfg)
	return nil
}
