package factors

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// assertionBody is the body that ends a passkey sign-in or second step.
type assertionBody struct {
	ChallengeId string          `json:"challengeId"`
	MFAId       string          `json:"mfaId"`
	Credential  json.RawMessage `json:"credential"`
}

// beginPasskeySignIn answers POST /api/folio/passkeys/signin/begin: the options for
// navigator.credentials.get with no account named (the authenticator offers its discoverable
// passkeys for this site), as {challengeId, publicKey}.
func (s *service) beginPasskeySignIn(e *core.RequestEvent) error {
	wa, apiErr := s.relyingParty(e.App)
	if apiErr != nil {
		return apiErr
	}
	assertion, session, err := wa.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationPreferred))
	if err != nil {
		return e.InternalServerError("", err)
	}
	cfg := s.config()
	ch, err := newChallenge(e.App, schema.PurposePasskeySignIn, "", "", ceremonyData{Session: *session}, cfg.Now(), cfg.ChallengeTTL)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"challengeId": ch.Id, "publicKey": assertion.Response})
}

// finishPasskeySignIn answers POST /api/folio/passkeys/signin/finish {challengeId, credential}:
// a verified assertion of a registered passkey signs its owner in, with the same answer as
// PocketBase's auth routes and a session of method "passkey". An unknown passkey and a bad
// signature get the same answer.
func (s *service) finishPasskeySignIn(e *core.RequestEvent) error {
	var body assertionBody
	if err := e.BindBody(&body); err != nil || len(body.Credential) == 0 {
		return fieldError(http.StatusBadRequest, "Send {\"challengeId\": \"…\", \"credential\": <PublicKeyCredential.toJSON()>}.", "credential", codeRequired)
	}
	wa, apiErr := s.relyingParty(e.App)
	if apiErr != nil {
		return apiErr
	}
	now := s.now()
	ch := findChallenge(e.App, body.ChallengeId, schema.PurposePasskeySignIn, "", now)
	if ch == nil || !consumeChallenge(e.App, ch.Id) {
		return expiredError("challengeId")
	}
	var data ceremonyData
	if err := challengeData(ch, &data); err != nil {
		return expiredError("challengeId")
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(body.Credential)
	if err != nil {
		return passkeyError(e, "That is not a passkey response this server can read.", err)
	}
	var owner *passkeyUser
	cred, err := wa.ValidateDiscoverableLogin(func(rawID, userHandle []byte) (webauthn.User, error) {
		f, err := e.App.FindFirstRecordByData(schema.CollectionFactors, schema.FactorCredentialId, credentialKey(rawID))
		if err != nil || f.GetString(schema.FactorUser) != string(userHandle) {
			return nil, errors.New("unknown passkey")
		}
		user, err := e.App.FindRecordById(schema.CollectionUsers, string(userHandle))
		if err != nil {
			return nil, err
		}
		owner, err = loadPasskeyUser(e.App, user)
		return owner, err
	}, data.Session, parsed)
	if err != nil || owner == nil {
		return passkeyError(e, "This passkey was not accepted. It may have been removed, or belong to another site.", err)
	}
	return s.completePasskey(e, owner, cred, now, func() error {
		return apis.RecordAuthResponse(e, owner.record, schema.SessionMethodPasskey, nil)
	})
}

// completePasskey stores the assertion's counter and flags and goes on with next; a cloned
// authenticator is refused and audited.
func (s *service) completePasskey(e *core.RequestEvent, owner *passkeyUser, cred *webauthn.Credential, now any, next func() error) error {
	f := owner.factorOf(cred.ID)
	if f == nil {
		return passkeyError(e, "This passkey was not accepted.", errors.New("credential without factor"))
	}
	if err := storeAssertion(e.App, f, cred, now); err != nil {
		if errors.Is(err, errClonedAuthenticator) {
			appendOrLog(e.App, auditlog.Event{Action: schema.ActionSecondStepFailed, Actor: actorFor(e, owner.record), User: owner.record.Id,
				Target: schema.CollectionFactors + "/" + f.Id, Data: map[string]any{"factor": schema.FactorKindPasskey, "reason": codeCloned}})
			return fieldError(http.StatusBadRequest, "This passkey looks copied (its signature counter went backwards), so it was refused. Remove it and register a new one.", "credential", codeCloned)
		}
		return e.InternalServerError("", err)
	}
	return next()
}

// beginPasskeyStep answers POST /api/folio/factors/passkey/begin {mfaId}: the options for
// navigator.credentials.get with the account's passkeys, for the second step of a sign-in.
func (s *service) beginPasskeyStep(e *core.RequestEvent) error {
	var body assertionBody
	_ = e.BindBody(&body)
	now := s.now()
	ch := findChallenge(e.App, body.MFAId, schema.PurposeSecondStep, "", now)
	if ch == nil {
		return expiredError("mfaId")
	}
	wa, apiErr := s.relyingParty(e.App)
	if apiErr != nil {
		return apiErr
	}
	user, err := e.App.FindRecordById(schema.CollectionUsers, schema.AsChallenge(ch).User())
	if err != nil {
		return expiredError("mfaId")
	}
	u, err := loadPasskeyUser(e.App, user)
	if err != nil {
		return e.InternalServerError("", err)
	}
	if len(u.creds) == 0 {
		return fieldError(http.StatusBadRequest, "This account has no passkey. Use your authenticator app or a recovery code.", "mfaId", codeNotFound)
	}
	assertion, session, err := wa.BeginLogin(u)
	if err != nil {
		return e.InternalServerError("", err)
	}
	ch.Set(schema.ChallengeData, ceremonyData{Session: *session})
	if err := e.App.Save(ch); err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"mfaId": ch.Id, "publicKey": assertion.Response})
}

// finishPasskeyStep answers POST /api/folio/factors/passkey/finish {mfaId, credential}: a
// verified assertion of one of the account's passkeys ends the sign-in ("password+passkey").
func (s *service) finishPasskeyStep(e *core.RequestEvent) error {
	var body assertionBody
	if err := e.BindBody(&body); err != nil || len(body.Credential) == 0 {
		return fieldError(http.StatusBadRequest, "Send {\"mfaId\": \"…\", \"credential\": <PublicKeyCredential.toJSON()>}.", "credential", codeRequired)
	}
	now := s.now()
	ch := findChallenge(e.App, body.MFAId, schema.PurposeSecondStep, "", now)
	if ch == nil {
		return expiredError("mfaId")
	}
	var data ceremonyData
	if err := challengeData(ch, &data); err != nil || len(data.Session.Challenge) == 0 {
		return fieldError(http.StatusBadRequest, "Ask for the passkey options first (POST /api/folio/factors/passkey/begin).", "mfaId", codeRequired)
	}
	wa, apiErr := s.relyingParty(e.App)
	if apiErr != nil {
		return apiErr
	}
	user, err := e.App.FindRecordById(schema.CollectionUsers, schema.AsChallenge(ch).User())
	if err != nil {
		return expiredError("mfaId")
	}
	if wait := s.throttle.RetryAfter("user:"+user.Id, now); wait > 0 {
		return throttledError(e, wait, "credential")
	}
	u, err := loadPasskeyUser(e.App, user)
	if err != nil {
		return e.InternalServerError("", err)
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(body.Credential)
	if err != nil {
		return passkeyError(e, "That is not a passkey response this server can read.", err)
	}
	cred, err := wa.ValidateLogin(u, data.Session, parsed)
	if err != nil {
		var apiErr *router.ApiError
		if failed := s.secondStepFailed(e, ch, user, schema.FactorKindPasskey, "credential", err); errors.As(failed, &apiErr) && apiErr.Status == http.StatusTooManyRequests {
			return failed
		}
		return passkeyError(e, "The passkey could not be verified (wrong site, expired or altered response). Try again.", err)
	}
	return s.completePasskey(e, u, cred, now, func() error {
		return s.completeSignIn(e, ch, user, schema.FactorKindPasskey, nil)
	})
}
