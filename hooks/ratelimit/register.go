// Package ratelimit makes PocketBase's per-IP rate limiter explain itself: its 429 gets a
// Retry-After header and a message naming the limit that was hit ("at most 10 sign-ups per
// 5 minutes from one address"), with the rule in data.rateLimit for a client to read.
package ratelimit

import "github.com/pocketbase/pocketbase/core"

// Register binds the explanation around PocketBase's rate-limit middleware.
func Register(app core.App) error {
	app.OnServe().BindFunc(onServeBindExplain)
	return nil
}
