package accounts

import (
	"fmt"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
)

// bindFlags adds --sessionIdle, --sessionMaxAge and --sessionMaxPerUser to the folio binary's
// commands (other apps, such as tests, have no root command). Their defaults are the values
// from the environment; serve applies them before it starts listening.
func bindFlags(app core.App, s *service) {
	pb, ok := app.(*pocketbase.PocketBase)
	if !ok {
		return
	}
	cfg := s.config()
	flags := pb.RootCmd.PersistentFlags()
	idle := flags.Duration("sessionIdle", cfg.IdleTimeout, "end a session after this long without a request (env "+EnvSessionIdle+")")
	maxAge := flags.Duration("sessionMaxAge", cfg.AbsoluteLifetime, "end a session this long after sign-in (env "+EnvSessionMaxAge+")")
	perUser := flags.Int("sessionMaxPerUser", cfg.MaxSessions, "live sessions per user; more revoke the oldest (env "+EnvSessionMaxPerUser+")")
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if *idle <= 0 || *maxAge <= 0 || *perUser <= 0 {
			return fmt.Errorf("--sessionIdle, --sessionMaxAge and --sessionMaxPerUser must be positive")
		}
		c := s.config()
		c.IdleTimeout, c.AbsoluteLifetime, c.MaxSessions = *idle, *maxAge, *perUser
		s.cfg.Store(&c)
		return se.Next()
	})
}
