package accounts

import "strings"

// identityKey is the sign-in throttle's key for an identity of an auth collection. Identities
// are counted whether or not an account has them, so the responses are the same
// (hooks/internal/throttle holds the schedule).
func identityKey(collection, identity string) string {
	return collection + ":" + strings.ToLower(strings.TrimSpace(identity))
}
