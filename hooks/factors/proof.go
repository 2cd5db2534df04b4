package factors

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// proofBody is how a signed-in user shows it is still the account's owner before changing its
// factors: its password, a code from its authenticator app, or a recovery code.
type proofBody struct {
	Password     string `json:"password"`
	Code         string `json:"code"`
	RecoveryCode string `json:"recoveryCode"`
}

// checkProof verifies p for the caller, throttled like the second step; nil when it holds.
func (s *service) checkProof(e *core.RequestEvent, p proofBody) *router.ApiError {
	user := e.Auth
	cfg := s.config()
	now := cfg.Now()
	key := "user:" + user.Id
	if wait := s.throttle.RetryAfter(key, now); wait > 0 {
		return throttledError(e, wait, "password")
	}
	var field string
	var ok bool
	switch {
	case p.Password != "":
		field, ok = "password", user.ValidatePassword(p.Password)
	case p.Code != "":
		code, valid := normalizeCode(p.Code, int(totpDigits))
		if !valid {
			return fieldError(http.StatusBadRequest, "Enter the 6-digit code your authenticator app shows.", "code", codeInvalidFormat)
		}
		field, ok = "code", s.checkTOTP(e.App, user, code, now) == nil
	case p.RecoveryCode != "":
		remaining, err := s.useRecoveryCode(e.App, user, p.RecoveryCode, now)
		field, ok = "recoveryCode", err == nil
		if ok {
			s.recoveryCodeUsed(e, user, remaining, now)
		}
	default:
		return fieldError(http.StatusBadRequest, "Confirm with your password, a code from your authenticator app or a recovery code.", "password", codeRequired)
	}
	if !ok {
		if lock := s.throttle.Fail(key, now, cfg.Throttle); lock > 0 {
			return throttledError(e, lock, field)
		}
		if field == "password" {
			return fieldError(http.StatusBadRequest, "That password is not right.", field, codeInvalidCode)
		}
		return wrongCodeError(field)
	}
	s.throttle.Succeed(key)
	return nil
}
