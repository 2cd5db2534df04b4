package factors

import (
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// verifyBody is the body of POST /api/folio/factors/verify.
type verifyBody struct {
	MFAId        string `json:"mfaId"`
	Code         string `json:"code"`
	RecoveryCode string `json:"recoveryCode"`
}

// verifySecondStep answers POST /api/folio/factors/verify {mfaId, code | recoveryCode}: it
// ends a sign-in that got {"mfaId"} with the authenticator app's code or a recovery code, and
// answers like PocketBase's auth routes ({token, record}, plus meta.recoveryCodesRemaining
// after a recovery code), with a session whose method says both steps ("password+totp").
func (s *service) verifySecondStep(e *core.RequestEvent) error {
	var body verifyBody
	if err := e.BindBody(&body); err != nil {
		return fieldError(http.StatusBadRequest, "Send {\"mfaId\": \"…\", \"code\": \"123456\"} or {\"mfaId\": \"…\", \"recoveryCode\": \"…\"}.", "mfaId", codeRequired)
	}
	now := s.now()
	ch := findChallenge(e.App, body.MFAId, schema.PurposeSecondStep, "", now)
	if ch == nil {
		return expiredError("mfaId")
	}
	user, err := e.App.FindRecordById(schema.CollectionUsers, schema.AsChallenge(ch).User())
	if err != nil {
		return expiredError("mfaId")
	}
	key := "user:" + user.Id
	if wait := s.throttle.RetryAfter(key, now); wait > 0 {
		return throttledError(e, wait, "code")
	}
	switch {
	case body.Code != "":
		code, ok := normalizeCode(body.Code, int(totpDigits))
		if !ok {
			return fieldError(http.StatusBadRequest, "Enter the 6-digit code your authenticator app shows.", "code", codeInvalidFormat)
		}
		if err := s.checkTOTP(e.App, user, code, now); err == errNoKey || err == errUnknownKey {
			// the server cannot open the secret: not the person's fault, and not a guess
			e.App.Logger().Error("an authenticator code could not be checked: the key that sealed its secret is not configured", "user", user.Id)
			return fieldError(http.StatusServiceUnavailable, "Authenticator codes cannot be checked on this server right now. Use a passkey or a recovery code.", "code", codeUnavailable)
		} else if err != nil {
			return s.secondStepFailed(e, ch, user, schema.FactorKindTOTP, "code", err)
		}
		return s.completeSignIn(e, ch, user, schema.FactorKindTOTP, nil)
	case body.RecoveryCode != "":
		remaining, err := s.useRecoveryCode(e.App, user, body.RecoveryCode, now)
		if err != nil {
			return s.secondStepFailed(e, ch, user, schema.FactorKindRecovery, "recoveryCode", err)
		}
		s.recoveryCodeUsed(e, user, remaining, now)
		return s.completeSignIn(e, ch, user, schema.FactorKindRecovery, map[string]any{"recoveryCodesRemaining": remaining})
	default:
		return fieldError(http.StatusBadRequest, "Enter the code from your authenticator app, or one of your recovery codes.", "code", codeRequired)
	}
}

// completeSignIn uses up the challenge (only once, however many requests race for it) and
// answers with the auth response; the accounts concern starts the session.
func (s *service) completeSignIn(e *core.RequestEvent, ch, user *core.Record, second string, meta any) error {
	if !consumeChallenge(e.App, ch.Id) {
		return expiredError("mfaId")
	}
	s.throttle.Succeed("user:" + user.Id)
	method := schema.AsChallenge(ch).FirstMethod() + "+" + second
	return apis.RecordAuthResponse(e, user, method, meta)
}

// secondStepFailed counts a wrong second step against the account, audits it, mails the owner
// on the first failure of a sign-in attempt (the password was right) and on a lockout, and
// answers with the code's error.
func (s *service) secondStepFailed(e *core.RequestEvent, ch, user *core.Record, kind, field string, cause error) error {
	cfg := s.config()
	now := cfg.Now()
	lock := s.throttle.Fail("user:"+user.Id, now, cfg.Throttle)
	failures := ch.GetInt(schema.ChallengeFailures) + 1
	ch.Set(schema.ChallengeFailures, failures)
	if err := e.App.Save(ch); err != nil {
		e.App.Logger().Warn("could not count a failed second step", "error", err)
	}
	data := map[string]any{"factor": kind, "first": schema.AsChallenge(ch).FirstMethod(), "reason": reasonOf(cause)}
	if lock > 0 {
		data["lockedUntil"] = now.Add(lock).UTC().Format(time.RFC3339)
	}
	appendOrLog(e.App, auditlog.Event{Action: schema.ActionSecondStepFailed, Actor: actorFor(e, user), User: user.Id, Data: data})
	if failures == 1 || lock > 0 {
		mailSecondStepFailed(e.App, user, e.RealIP(), now)
	}
	if lock > 0 {
		return throttledError(e, lock, field)
	}
	return wrongCodeError(field)
}

func reasonOf(err error) string {
	if err == errReplay {
		return "replayed"
	}
	return "wrong"
}

// actorFor is the request's actor, named as user when the request has no auth (a sign-in).
func actorFor(e *core.RequestEvent, user *core.Record) auditlog.Actor {
	a := auditlog.ActorFromRequest(e)
	if a.Id == "" {
		a.Id, a.Collection = user.Id, user.Collection().Name
	}
	return a
}

// appendOrLog appends ev; a failed audit of a refused step is logged, not returned.
func appendOrLog(app core.App, ev auditlog.Event) {
	if _, err := auditlog.Append(app, ev); err != nil {
		app.Logger().Error("audit append failed", "action", ev.Action, "error", err)
	}
}

// recoveryCodeInput normalizes a typed recovery code: lower case, no spaces or dashes.
func recoveryCodeInput(code string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(code))
}
