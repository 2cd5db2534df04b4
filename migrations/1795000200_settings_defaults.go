package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Folio's default settings: its name, PocketBase's rate limiter on with rules sized for the auth
// routes, the batch API on, and a log retention of two weeks.
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.Meta.AppName = "Folio"
		s.Meta.SenderName = "Folio"
		s.Batch.Enabled = true
		s.Batch.MaxRequests = 100
		s.Batch.Timeout = 10
		s.Logs.MaxDays = 14
		s.RateLimits.Enabled = true
		s.RateLimits.Rules = []core.RateLimitRule{
			// sign-ins (password, OAuth2, OTP) per IP; per-account throttling is separate
			{Label: "*:auth", MaxRequests: 10, Duration: 60},
			{Label: "*:authRefresh", MaxRequests: 30, Duration: 60},
			// anything that sends mail
			{Label: "*:requestOTP", MaxRequests: 5, Duration: 300},
			{Label: "*:requestPasswordReset", MaxRequests: 5, Duration: 300},
			{Label: "*:requestVerification", MaxRequests: 5, Duration: 300},
			{Label: "*:requestEmailChange", MaxRequests: 5, Duration: 300},
			// token confirmations: slow down token guessing
			{Label: "*:confirmPasswordReset", MaxRequests: 10, Duration: 300},
			{Label: "*:confirmVerification", MaxRequests: 10, Duration: 300},
			{Label: "*:confirmEmailChange", MaxRequests: 10, Duration: 300},
			// sign-ups
			{Label: "users:create", MaxRequests: 10, Duration: 300, Audience: core.RateLimitRuleAudienceGuest},
			{Label: "/api/folio/invitations/", MaxRequests: 30, Duration: 300},
			{Label: "*:create", MaxRequests: 60, Duration: 10},
			{Label: "/api/batch", MaxRequests: 5, Duration: 1},
			{Label: "/api/", MaxRequests: 600, Duration: 10},
		}
		return app.Save(s)
	}, nil)
}
