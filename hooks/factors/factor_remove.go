package factors

import (
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// removeFactor answers POST /api/folio/factors/{id}/remove {password | code | recoveryCode}:
// it removes one of the caller's factors and signs out every other session of the account.
// Removing the last authenticator app or passkey also removes the recovery codes.
func (s *service) removeFactor(e *core.RequestEvent) error {
	var body proofBody
	if err := e.BindBody(&body); err != nil {
		return fieldError(http.StatusBadRequest, "Confirm with {\"password\": \"…\"}, {\"code\": \"…\"} or {\"recoveryCode\": \"…\"}.", "password", codeRequired)
	}
	user := e.Auth
	f, err := e.App.FindRecordById(schema.CollectionFactors, e.Request.PathValue("id"))
	if err != nil || schema.AsFactor(f).User() != user.Id {
		return fieldError(http.StatusNotFound, "You have no such factor.", "id", codeNotFound)
	}
	if apiErr := s.checkProof(e, body); apiErr != nil {
		return apiErr
	}
	now := s.now()
	keep, _ := e.Get(auditlog.SessionRequestKey).(string)
	actor := auditlog.ActorFromRequest(e)
	revoked := 0
	err = e.App.RunInTransaction(func(txApp core.App) error {
		if err := txApp.Delete(f); err != nil {
			return err
		}
		if has, err := HasSecondFactor(txApp, user.Id); err != nil {
			return err
		} else if !has {
			if rc := findFactor(txApp, user.Id, schema.FactorKindRecovery, true); rc != nil {
				if err := txApp.Delete(rc); err != nil {
					return err
				}
			}
		}
		var err error
		if revoked, err = revokeOtherSessions(txApp, user.Id, keep, now); err != nil {
			return err
		}
		_, err = auditlog.Append(txApp, auditlog.Event{Action: schema.ActionFactorRemoved, Actor: actor, User: user.Id,
			Target: schema.CollectionFactors + "/" + f.Id, Data: map[string]any{"kind": schema.AsFactor(f).Kind(), "sessionsEnded": revoked}})
		return err
	})
	if err != nil {
		return e.InternalServerError("", err)
	}
	mailFactorRemoved(e.App, user, describe(f), now)
	return e.JSON(http.StatusOK, map[string]any{"removed": f.Id, "sessionsEnded": revoked})
}

// regenerateRecoveryCodes answers POST /api/folio/factors/recovery {password | code |
// recoveryCode}: a fresh set of ten codes, shown in this answer only; the old set stops working.
func (s *service) regenerateRecoveryCodes(e *core.RequestEvent) error {
	var body proofBody
	if err := e.BindBody(&body); err != nil {
		return fieldError(http.StatusBadRequest, "Confirm with {\"password\": \"…\"} or a code.", "password", codeRequired)
	}
	user := e.Auth
	if has, err := HasSecondFactor(e.App, user.Id); err != nil {
		return e.InternalServerError("", err)
	} else if !has {
		return fieldError(http.StatusBadRequest, "Set up an authenticator app or a passkey first; recovery codes stand in for them.", "recovery", codeFactorRequired)
	}
	if apiErr := s.checkProof(e, body); apiErr != nil {
		return apiErr
	}
	var codes []string
	err := e.App.RunInTransaction(func(txApp core.App) error {
		var err error
		if codes, err = replaceRecoveryCodes(txApp, user.Id); err != nil {
			return err
		}
		_, err = auditlog.Append(txApp, auditlog.Event{Action: schema.ActionRecoveryRegenerated, Actor: auditlog.ActorFromRequest(e), User: user.Id})
		return err
	})
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"recoveryCodes": codes})
}

// revokeOtherSessions ends user's live sessions except keep. Each is saved as a record, so the
// accounts concern's hooks drop it from the session cache and cut its realtime connections.
func revokeOtherSessions(app core.App, user, keep string, now time.Time) (int, error) {
	live, err := app.FindAllRecords(schema.CollectionSessions,
		dbx.HashExp{schema.SessionUser: user, schema.SessionRevokedAt: ""}, dbx.Not(dbx.HashExp{"id": keep}))
	if err != nil {
		return 0, err
	}
	for _, sess := range live {
		sess.Set(schema.SessionRevokedAt, now)
		sess.Set(schema.SessionRevokedReason, schema.RevokedFactorRemoved)
		if err := app.Save(sess); err != nil {
			return 0, err
		}
	}
	return len(live), nil
}

// describe names a factor in a mail.
func describe(f *core.Record) string {
	switch schema.AsFactor(f).Kind() {
	case schema.FactorKindTOTP:
		return "An authenticator app"
	case schema.FactorKindPasskey:
		return "The passkey \"" + schema.AsFactor(f).Name() + "\""
	default:
		return "Your recovery codes"
	}
}
