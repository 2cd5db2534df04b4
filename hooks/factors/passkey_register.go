package factors

import (
	"encoding/json"
	"net/http"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// ceremonyData is what a challenge keeps of a WebAuthn ceremony.
type ceremonyData struct {
	Session webauthn.SessionData `json:"session"`
	Name    string               `json:"name,omitempty"`
}

// beginPasskeyRegistration answers POST /api/folio/passkeys/register/begin {name?}: the options
// for navigator.credentials.create (a discoverable credential, so it can sign in without a
// password), as {challengeId, publicKey}. PublicKeyCredential.parseCreationOptionsFromJSON
// takes publicKey as it is.
func (s *service) beginPasskeyRegistration(e *core.RequestEvent) error {
	var body struct {
		Name string `json:"name"`
	}
	_ = e.BindBody(&body)
	wa, apiErr := s.relyingParty(e.App)
	if apiErr != nil {
		return apiErr
	}
	u, err := loadPasskeyUser(e.App, e.Auth)
	if err != nil {
		return e.InternalServerError("", err)
	}
	exclude := make([]protocol.CredentialDescriptor, len(u.creds))
	for i, c := range u.creds {
		exclude[i] = c.Descriptor()
	}
	creation, session, err := wa.BeginRegistration(u,
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementRequired),
		webauthn.WithExclusions(exclude))
	if err != nil {
		return e.InternalServerError("", err)
	}
	cfg := s.config()
	ch, err := newChallenge(e.App, schema.PurposePasskeyRegister, e.Auth.Id, "",
		ceremonyData{Session: *session, Name: factorName(body.Name, "Passkey")}, cfg.Now(), cfg.ChallengeTTL)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"challengeId": ch.Id, "publicKey": creation.Response})
}

// finishPasskeyRegistration answers POST /api/folio/passkeys/register/finish {challengeId,
// credential} with credential as PublicKeyCredential.toJSON() gives it: the passkey is saved
// (named as asked at begin), and the first factor of an account brings its recovery codes.
func (s *service) finishPasskeyRegistration(e *core.RequestEvent) error {
	var body struct {
		ChallengeId string          `json:"challengeId"`
		Credential  json.RawMessage `json:"credential"`
	}
	if err := e.BindBody(&body); err != nil || len(body.Credential) == 0 {
		return fieldError(http.StatusBadRequest, "Send {\"challengeId\": \"…\", \"credential\": <PublicKeyCredential.toJSON()>}.", "credential", codeRequired)
	}
	wa, apiErr := s.relyingParty(e.App)
	if apiErr != nil {
		return apiErr
	}
	user := e.Auth
	now := s.now()
	ch := findChallenge(e.App, body.ChallengeId, schema.PurposePasskeyRegister, user.Id, now)
	if ch == nil || !consumeChallenge(e.App, ch.Id) {
		return expiredError("challengeId")
	}
	var data ceremonyData
	if err := challengeData(ch, &data); err != nil {
		return expiredError("challengeId")
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(body.Credential)
	if err != nil {
		return passkeyError(e, "That is not a passkey response this server can read.", err)
	}
	u, err := loadPasskeyUser(e.App, user)
	if err != nil {
		return e.InternalServerError("", err)
	}
	cred, err := wa.CreateCredential(u, data.Session, parsed)
	if err != nil {
		return passkeyError(e, "The passkey could not be verified (wrong site, expired or altered response). Try again.", err)
	}
	f, codes, err := savePasskey(e, user, data.Name, cred)
	if err != nil {
		return e.InternalServerError("", err)
	}
	mailFactorAdded(e.App, user, "The passkey \""+data.Name+"\"", now)
	return e.JSON(http.StatusOK, map[string]any{"id": f.Id, "name": data.Name, "recoveryCodes": codes})
}

// savePasskey stores cred as user's passkey named name, with recovery codes when it is the
// first factor, and audits it.
func savePasskey(e *core.RequestEvent, user *core.Record, name string, cred *webauthn.Credential) (*core.Record, []string, error) {
	raw, err := json.Marshal(cred)
	if err != nil {
		return nil, nil, err
	}
	col, err := e.App.FindCachedCollectionByNameOrId(schema.CollectionFactors)
	if err != nil {
		return nil, nil, err
	}
	f := core.NewRecord(col)
	var codes []string
	err = e.App.RunInTransaction(func(txApp core.App) error {
		f.Set(schema.FactorUser, user.Id)
		f.Set(schema.FactorKind, schema.FactorKindPasskey)
		f.Set(schema.FactorName, name)
		f.Set(schema.FactorConfirmed, true)
		f.Set(schema.FactorCredential, json.RawMessage(raw))
		f.Set(schema.FactorCredentialId, credentialKey(cred.ID))
		if err := txApp.Save(f); err != nil {
			return err
		}
		if codes, err = ensureRecoveryCodes(txApp, user.Id); err != nil {
			return err
		}
		_, err = auditlog.Append(txApp, auditlog.Event{Action: schema.ActionFactorAdded, Actor: auditlog.ActorFromRequest(e), User: user.Id,
			Target: schema.CollectionFactors + "/" + f.Id, Data: map[string]any{"kind": schema.FactorKindPasskey, "name": name}})
		return err
	})
	return f, codes, err
}

// passkeyError is the 400 of a WebAuthn response that does not verify; the library's reason
// goes to the log, not to the client.
func passkeyError(e *core.RequestEvent, msg string, cause error) error {
	info := ""
	if pe, ok := cause.(*protocol.Error); ok {
		info = pe.Details + " " + pe.DevInfo
	}
	e.App.Logger().Info("passkey response refused", "error", cause, "details", info)
	return fieldError(http.StatusBadRequest, msg, "credential", codeInvalidPasskey)
}
