package accounts

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/security"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// onAuthWithPasswordRequest runs for every password sign-in of a user or superuser, before the
// password is checked, whether or not the identity names an account. A locked identity gets
// 429 without a password check; otherwise a wrong password counts a failure (and may start a
// lockout) and a success forgets the identity. Known and unknown identities go through the
// very same steps, so the answers cannot tell them apart.
func (s *service) onAuthWithPasswordRequest(e *core.RecordAuthWithPasswordRequestEvent) error {
	key := identityKey(e.Collection.Name, e.Identity)
	return s.throttled(e.RequestEvent, key, e.Next, func(lock time.Duration, now time.Time) {
		s.recordFailedSignIn(e.RequestEvent, e.Collection, e.Record, e.Identity, "password", lock, now)
	})
}

// throttled runs next for one throttle key: refused with 429 while the key is locked out, the
// failure counted (and onFail told the lockout) when next fails on the credentials, the key
// forgotten when next succeeds.
func (s *service) throttled(e *core.RequestEvent, key string, next func() error, onFail func(lock time.Duration, now time.Time)) error {
	cfg := s.config()
	now := cfg.Now()
	if wait := s.throttle.RetryAfter(key, now); wait > 0 {
		return throttledError(e, wait, now)
	}
	err := next()
	switch {
	case err == nil || errors.Is(err, apis.ErrMFA):
		s.throttle.Succeed(key)
	case isCredentialFailure(err):
		onFail(s.throttle.Fail(key, now, cfg.Throttle), now)
	}
	return err
}

// otpThrottleMiddleware applies the same rule to auth-with-otp, keyed by the OTP id. PocketBase
// checks the OTP before any auth hook runs, so this has to sit on the route; request-otp
// answers unknown emails with a made-up id, so a per-id key treats them alike too.
func (s *service) otpThrottleMiddleware() *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id: "folioOTPThrottle",
		// After PocketBase's rate limiter and body limit: it reads the body, and must not read
		// more of it than the limit allows.
		Priority: apis.DefaultBodyLimitMiddlewarePriority + 1,
		Func: func(e *core.RequestEvent) error {
			if e.Request.Method != http.MethodPost || !strings.HasSuffix(e.Request.URL.Path, "/auth-with-otp") {
				return e.Next()
			}
			return s.throttleOTP(e)
		},
	}
}

func (s *service) throttleOTP(e *core.RequestEvent) error {
	var body struct {
		OTPId string `json:"otpId" form:"otpId"`
	}
	_ = e.BindBody(&body) // PocketBase re-reads the body; a bad one fails there with its own error
	// Hashed: the id comes from the client, and a key must not grow with what it sends.
	key := "otp:" + security.SHA256(body.OTPId)
	return s.throttled(e, key, e.Next, func(lock time.Duration, now time.Time) {
		s.recordFailedOTP(e, body.OTPId, lock, now)
	})
}

// isCredentialFailure tells a wrong password or OTP (400) from other errors, such as a
// suspended account (403) or a server fault, which are not guesses.
func isCredentialFailure(err error) bool {
	var apiErr *router.ApiError
	return errors.As(err, &apiErr) && apiErr.Status == http.StatusBadRequest
}

// throttledError is the 429 of a locked identity: a Retry-After header, and the wait in the
// message and in data.identity.params (retryAfter seconds, retryAt RFC 3339).
func throttledError(e *core.RequestEvent, wait time.Duration, now time.Time) error {
	secs := int(math.Ceil(wait.Seconds()))
	at := now.Add(wait).UTC().Truncate(time.Second)
	e.Response.Header().Set("Retry-After", strconv.Itoa(secs))
	msg := fmt.Sprintf("Too many failed sign-in attempts. Try again in %s (after %s).", humanWait(secs), at.Format(time.RFC3339))
	return e.TooManyRequestsError(msg, validation.Errors{
		"identity": validation.NewError("too_many_attempts", msg).
			SetParams(map[string]any{"retryAfter": secs, "retryAt": at.Format(time.RFC3339)}),
	})
}

func humanWait(secs int) string {
	if secs < 120 {
		return fmt.Sprintf("%d seconds", secs)
	}
	return fmt.Sprintf("%d minutes", (secs+59)/60)
}

// recordFailedSignIn audits a wrong password and, when it starts a lockout, audits that and
// mails the account's owner (if the identity names an account; the mail goes out in the
// background, so the response time does not depend on it).
func (s *service) recordFailedSignIn(e *core.RequestEvent, col *core.Collection, rec *core.Record, identity, method string, lock time.Duration, now time.Time) {
	user := ""
	if rec != nil && col.Name == schema.CollectionUsers {
		user = rec.Id
	}
	actor := auditlog.ActorFromRequest(e)
	data := map[string]any{"method": method, "collection": col.Name, "identity": strings.ToLower(strings.TrimSpace(identity))}
	s.appendOrLog(e.App, auditlog.Event{Action: schema.ActionSignInFailed, Actor: actor, User: user, Data: data})
	if lock <= 0 {
		return
	}
	until := now.Add(lock)
	s.appendOrLog(e.App, auditlog.Event{Action: schema.ActionThrottled, Actor: actor, User: user,
		Data: map[string]any{"identity": data["identity"], "collection": col.Name, "until": until.UTC().Format(time.RFC3339)}})
	if rec != nil {
		mailThrottled(e.App, rec, until)
	}
}

// recordFailedOTP audits a wrong OTP, naming the account when the OTP exists.
func (s *service) recordFailedOTP(e *core.RequestEvent, otpId string, lock time.Duration, now time.Time) {
	user, col := "", ""
	if otp, err := e.App.FindOTPById(otpId); err == nil {
		col = otp.CollectionRef()
		if c, err := e.App.FindCachedCollectionByNameOrId(col); err == nil && c.Name == schema.CollectionUsers {
			user, col = otp.RecordRef(), c.Name
		}
	}
	actor := auditlog.ActorFromRequest(e)
	s.appendOrLog(e.App, auditlog.Event{Action: schema.ActionSignInFailed, Actor: actor, User: user,
		Data: map[string]any{"method": "otp", "collection": col, "otpId": otpId}})
	if lock > 0 {
		s.appendOrLog(e.App, auditlog.Event{Action: schema.ActionThrottled, Actor: actor, User: user,
			Data: map[string]any{"otpId": otpId, "until": now.Add(lock).UTC().Format(time.RFC3339)}})
	}
}

// appendOrLog appends ev; a failure to audit a refused sign-in is logged, not returned, so the
// client still gets the sign-in's own answer.
func (s *service) appendOrLog(app core.App, ev auditlog.Event) {
	if _, err := auditlog.Append(app, ev); err != nil {
		app.Logger().Error("audit append failed", "action", ev.Action, "error", err)
	}
}
