package migrations

import (
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// factorRateLimits cap the second-step and passkey routes per client address, like the sign-in
// routes: the guest ones start ceremonies and check codes, so they get a limit of their own
// below the general /api/ one (the per-account throttle counts wrong codes on top).
var factorRateLimits = []core.RateLimitRule{
	{Label: "/api/folio/factors/", MaxRequests: 30, Duration: 60},
	{Label: "/api/folio/passkeys/", MaxRequests: 30, Duration: 60},
}

// Adds the rate limits of the factors routes (an admin's own rules for them are kept).
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		for _, r := range factorRateLimits {
			if slices.ContainsFunc(s.RateLimits.Rules, func(x core.RateLimitRule) bool { return x.Label == r.Label }) {
				continue
			}
			// PocketBase takes the first prefix rule that matches: go before the broader "/api/"
			at := slices.IndexFunc(s.RateLimits.Rules, func(x core.RateLimitRule) bool {
				return strings.HasSuffix(x.Label, "/") && strings.HasPrefix(r.Label, x.Label)
			})
			if at < 0 {
				at = len(s.RateLimits.Rules)
			}
			s.RateLimits.Rules = slices.Insert(s.RateLimits.Rules, at, r)
		}
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Rules = slices.DeleteFunc(s.RateLimits.Rules, func(x core.RateLimitRule) bool {
			return slices.ContainsFunc(factorRateLimits, func(r core.RateLimitRule) bool { return r.Label == x.Label })
		})
		return app.Save(s)
	})
}
