package ratelimit

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// triggeredPrefix starts the internal cause PocketBase's limiter attaches to its 429, followed by
// the rule as JSON (core.RateLimitRule.String).
const triggeredPrefix = "triggered rate limit rule: "

// actions names the rule labels Folio's default settings use, in words.
var actions = map[string]string{
	"*:auth":                  "sign-in attempts",
	"*:authRefresh":           "session refreshes",
	"*:requestOTP":            "one-time code requests",
	"*:requestPasswordReset":  "password reset requests",
	"*:requestVerification":   "verification mail requests",
	"*:requestEmailChange":    "email change requests",
	"*:confirmPasswordReset":  "password reset confirmations",
	"*:confirmVerification":   "verification confirmations",
	"*:confirmEmailChange":    "email change confirmations",
	"users:create":            "sign-ups",
	"*:create":                "record creations",
	"/api/batch":              "batch requests",
	"/api/folio/invitations/": "invitation requests",
	"/api/":                   "API requests",
}

// onServeBindExplain binds explainRateLimit just outside PocketBase's limiter, so it sees the
// limiter's error on the way out.
func onServeBindExplain(se *core.ServeEvent) error {
	se.Router.Bind(&hook.Handler[*core.RequestEvent]{
		Id:       "folioRateLimitExplain",
		Priority: apis.DefaultRateLimitMiddlewarePriority - 1,
		Func:     explainRateLimit,
	})
	return se.Next()
}

// explainRateLimit passes the request on and, when PocketBase's limiter refused it, answers the
// same 429 with Retry-After (the rule's whole window, the longest a client may have to wait) and
// a message and data naming the rule. Other 429s (Folio's sign-in throttle) pass unchanged.
func explainRateLimit(e *core.RequestEvent) error {
	err := e.Next()
	var apiErr *router.ApiError
	if err == nil || !errors.As(err, &apiErr) || apiErr.Status != http.StatusTooManyRequests {
		return err
	}
	cause, _ := apiErr.RawData().(error)
	if cause == nil || !strings.HasPrefix(cause.Error(), triggeredPrefix) {
		return err
	}
	var rule core.RateLimitRule
	if json.Unmarshal([]byte(strings.TrimPrefix(cause.Error(), triggeredPrefix)), &rule) != nil || rule.Duration <= 0 {
		return err
	}
	what := actions[rule.Label]
	if what == "" {
		what = fmt.Sprintf("requests matching %q", rule.Label)
	}
	if e.Response.Header().Get("Retry-After") == "" {
		e.Response.Header().Set("Retry-After", strconv.FormatInt(rule.Duration, 10))
	}
	msg := fmt.Sprintf("Too many requests: this server allows at most %d %s per %s from one address. Try again in %s.",
		rule.MaxRequests, what, window(rule.Duration), window(rule.Duration))
	return router.NewTooManyRequestsError(msg, validation.Errors{
		"rateLimit": validation.NewError("rate_limited", msg).SetParams(map[string]any{
			"label": rule.Label, "maxRequests": rule.MaxRequests, "duration": rule.Duration, "retryAfter": rule.Duration,
		}),
	})
}

// window says a rule's duration in words: "10 seconds", "1 minute", "5 minutes".
func window(seconds int64) string {
	switch {
	case seconds%60 == 0 && seconds >= 60:
		if seconds == 60 {
			return "1 minute"
		}
		return fmt.Sprintf("%d minutes", seconds/60)
	case seconds == 1:
		return "1 second"
	default:
		return fmt.Sprintf("%d seconds", seconds)
	}
}
