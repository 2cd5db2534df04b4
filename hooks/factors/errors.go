package factors

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Codes a client can act on, in data.<field>.code of a 4xx.
const (
	codeMFAExpired      = "mfa_expired"       // unknown, used or expired mfaId / challenge: sign in again
	codeInvalidFormat   = "invalid_format"    // not a well-formed code
	codeInvalidCode     = "invalid_code"      // a wrong, used or replayed code
	codeRequired        = "required"          // nothing was sent
	codeTooMany         = "too_many_attempts" // throttled
	codeUnavailable     = "unavailable"       // the server is not set up for this factor
	codeInvalidPasskey  = "invalid_passkey"   // a WebAuthn response that does not verify
	codeCloned          = "cloned_authenticator"
	codeAlreadyEnrolled = "already_enrolled"
	codeNotFound        = "not_found"
	codeFactorRequired  = "second_factor_required" // a space's policy: set up a second factor
	codeEnrolFirst      = "enrol_first"            // set up a factor before requiring one
)

// fieldError is a 4xx whose data names field with a code.
func fieldError(status int, msg, field, code string) *router.ApiError {
	return router.NewApiError(status, msg, validation.Errors{field: validation.NewError(code, msg)})
}

// expiredError is the one answer to every mfaId or challenge that cannot be used: unknown,
// used, expired, or someone else's. The answers cannot tell these apart.
func expiredError(field string) *router.ApiError {
	return fieldError(http.StatusBadRequest, "This sign-in step has expired or was already used. Start again.", field, codeMFAExpired)
}

// wrongCodeError is the answer to a code that does not verify.
func wrongCodeError(field string) *router.ApiError {
	return fieldError(http.StatusBadRequest, "That code is not right (or was already used). Check the time on your device and try the newest code.", field, codeInvalidCode)
}

// throttledError is the 429 of an account whose second step is locked, with Retry-After.
func throttledError(e *core.RequestEvent, wait time.Duration, field string) *router.ApiError {
	secs := int(math.Ceil(wait.Seconds()))
	e.Response.Header().Set("Retry-After", strconv.Itoa(secs))
	msg := fmt.Sprintf("Too many wrong codes. Try again in %d seconds.", secs)
	return router.NewApiError(http.StatusTooManyRequests, msg, validation.Errors{
		field: validation.NewError(codeTooMany, msg).SetParams(map[string]any{"retryAfter": secs}),
	})
}
