package factors

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// enrolTOTP answers POST /api/folio/factors/totp {name?}: a new, unconfirmed authenticator app
// for the caller, with the otpauth:// URI, a QR image (data URL) and the secret for typing in.
// This is the only answer that ever holds the secret. A previous unconfirmed one is replaced;
// a confirmed one must be removed first (409).
func (s *service) enrolTOTP(e *core.RequestEvent) error {
	var body struct {
		Name string `json:"name"`
	}
	_ = e.BindBody(&body)
	cfg := s.config()
	if len(cfg.Keys) == 0 {
		return fieldError(http.StatusServiceUnavailable, "Authenticator apps are not set up on this server (its operator has to set FOLIO_FACTOR_KEY). Use a passkey instead.", "totp", codeUnavailable)
	}
	user := e.Auth
	if findFactor(e.App, user.Id, schema.FactorKindTOTP, true) != nil {
		return fieldError(http.StatusConflict, "You already have an authenticator app. Remove it first to set up another.", "totp", codeAlreadyEnrolled)
	}
	key, err := newTOTPKey(e.App.Settings().Meta.AppName, user.Email())
	if err != nil {
		return e.InternalServerError("", err)
	}
	sealed, err := seal(cfg.Keys, []byte(key.Secret()), []byte(user.Id))
	if err != nil {
		return e.InternalServerError("", err)
	}
	qr, err := qrDataURL(key)
	if err != nil {
		return e.InternalServerError("", err)
	}
	col, err := e.App.FindCachedCollectionByNameOrId(schema.CollectionFactors)
	if err != nil {
		return e.InternalServerError("", err)
	}
	f := core.NewRecord(col)
	err = e.App.RunInTransaction(func(txApp core.App) error {
		if old := findFactor(txApp, user.Id, schema.FactorKindTOTP, false); old != nil {
			if err := txApp.Delete(old); err != nil {
				return err
			}
		}
		f.Set(schema.FactorUser, user.Id)
		f.Set(schema.FactorKind, schema.FactorKindTOTP)
		f.Set(schema.FactorName, factorName(body.Name, "Authenticator app"))
		f.Set(schema.FactorSecret, sealed)
		return txApp.Save(f)
	})
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"id": f.Id, "uri": key.URL(), "qr": qr, "secret": key.Secret()})
}

// confirmTOTP answers POST /api/folio/factors/totp/confirm {id, code}: the first code from the
// app turns the enrolment on. The first factor of an account also gets its recovery codes,
// shown in this answer only.
func (s *service) confirmTOTP(e *core.RequestEvent) error {
	var body struct {
		Id   string `json:"id"`
		Code string `json:"code"`
	}
	if err := e.BindBody(&body); err != nil {
		return fieldError(http.StatusBadRequest, "Send {\"id\": \"…\", \"code\": \"123456\"}.", "code", codeRequired)
	}
	user := e.Auth
	f := findFactor(e.App, user.Id, schema.FactorKindTOTP, false)
	if f == nil || f.Id != body.Id {
		return fieldError(http.StatusNotFound, "There is no authenticator app waiting to be confirmed. Start the set-up again.", "id", codeNotFound)
	}
	code, ok := normalizeCode(body.Code, int(totpDigits))
	if !ok {
		return fieldError(http.StatusBadRequest, "Enter the 6-digit code your authenticator app shows.", "code", codeInvalidFormat)
	}
	now := s.now()
	key := "user:" + user.Id
	if wait := s.throttle.RetryAfter(key, now); wait > 0 {
		return throttledError(e, wait, "code")
	}
	if err := s.checkTOTPFactor(e.App, f, code, now); err != nil {
		s.throttle.Fail(key, now, s.config().Throttle)
		return wrongCodeError("code")
	}
	var codes []string
	err := e.App.RunInTransaction(func(txApp core.App) error {
		f, err := txApp.FindRecordById(schema.CollectionFactors, f.Id)
		if err != nil {
			return err
		}
		f.Set(schema.FactorConfirmed, true)
		if err := txApp.Save(f); err != nil {
			return err
		}
		if codes, err = ensureRecoveryCodes(txApp, user.Id); err != nil {
			return err
		}
		_, err = auditlog.Append(txApp, auditlog.Event{Action: schema.ActionFactorAdded, Actor: auditlog.ActorFromRequest(e), User: user.Id,
			Target: schema.CollectionFactors + "/" + f.Id, Data: map[string]any{"kind": schema.FactorKindTOTP}})
		return err
	})
	if err != nil {
		return e.InternalServerError("", err)
	}
	mailFactorAdded(e.App, user, "An authenticator app", now)
	return e.JSON(http.StatusOK, map[string]any{"id": f.Id, "recoveryCodes": codes})
}

// factorName is the trimmed name a user gave, cut to the field's length, or def.
func factorName(name, def string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return def
	}
	if r := []rune(name); len(r) > 80 {
		name = string(r[:80])
	}
	return name
}
