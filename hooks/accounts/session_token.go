package accounts

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
)

// claimSession is the auth-token claim that carries the session id. PocketBase ignores claims
// it does not know, so these tokens work everywhere its own do.
const claimSession = "sid"

// newSessionToken mints an auth token for user like PocketBase's own (same claims, same signing
// key, so rotating the user's tokenKey still invalidates it) plus the session id, expiring at exp.
func newSessionToken(user *core.Record, sid string, exp time.Time, refreshable bool) (string, error) {
	key := user.TokenKey() + user.Collection().AuthToken.Secret
	if key == "" {
		return "", core.ErrMissingSigningKey
	}
	claims := jwt.MapClaims{
		core.TokenClaimType:         core.TokenTypeAuth,
		core.TokenClaimId:           user.Id,
		core.TokenClaimCollectionId: user.Collection().Id,
		core.TokenClaimRefreshable:  refreshable,
		claimSession:                sid,
		"exp":                       exp.Unix(), // overrides the duration-based exp below
	}
	return security.NewJWT(claims, key, time.Until(exp))
}

// tokenClaims are the parts of an auth token the session check needs.
type tokenClaims struct {
	Type         string `json:"type"`
	Id           string `json:"id"`
	CollectionId string `json:"collectionId"`
	Refreshable  bool   `json:"refreshable"`
	Session      string `json:"sid"`
	Exp          int64  `json:"exp"`
}

// peekClaims decodes a JWT's payload without verifying it. Callers either act on a token that
// PocketBase's loader has already verified, or only ever use the result to refuse a request.
func peekClaims(token string) (tokenClaims, bool) {
	var c tokenClaims
	first := strings.IndexByte(token, '.')
	if first < 0 {
		return c, false
	}
	rest := token[first+1:]
	second := strings.IndexByte(rest, '.')
	if second < 0 {
		return c, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(rest[:second])
	if err != nil {
		return c, false
	}
	return c, json.Unmarshal(payload, &c) == nil
}

// requestToken is the raw token of the Authorization header, with or without "Bearer ", as
// PocketBase's own loader reads it.
func requestToken(r *http.Request) string {
	token := r.Header.Get("Authorization")
	if len(token) > 7 && strings.EqualFold(token[:7], "Bearer ") {
		return token[7:]
	}
	return token
}
