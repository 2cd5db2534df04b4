// Package ratelimit makes PocketBase's per-IP rate limiter explain itself: its 429 gets a
// Retry-After header and a message naming the limit that was hit ("at most 10 sign-ups per
// 5 minutes from one address"), with the rule in data.rateLimit for a client to read.
package ratelimit

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Register binds the explanation around PocketBase's rate-limit middleware.
func Register(app core.App) error {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id: "folioRateLimitExplain",
			// Just outside PocketBase's limiter, so it sees the limiter's error on the way out.
			Priority: apis.DefaultRateLimitMiddlewarePriority - 1,
			Func:     explainRateLimit,
		})
		return se.Next()
	})
	return nil
}
