package factors

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"

	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"folio/hooks/schema"
)

// relyingParty is the WebAuthn relying party: FOLIO_WEBAUTHN_RP_ID / FOLIO_WEBAUTHN_ORIGINS
// when set, else the host and origin of the app URL in the settings, read at each ceremony
// so a settings change applies at once. An IP address is refused: WebAuthn needs a domain.
func (s *service) relyingParty(app core.App) (*webauthn.WebAuthn, *router.ApiError) {
	cfg := s.config()
	rpid, origins := cfg.RPID, cfg.RPOrigins
	if rpid == "" || len(origins) == 0 {
		u, err := url.Parse(app.Settings().Meta.AppURL)
		if err == nil && u.Host != "" {
			if rpid == "" {
				rpid = u.Hostname()
			}
			if len(origins) == 0 {
				origins = []string{u.Scheme + "://" + u.Host}
			}
		}
	}
	if rpid == "" || net.ParseIP(rpid) != nil {
		return nil, fieldError(http.StatusServiceUnavailable,
			fmt.Sprintf("Passkeys need the app URL to be a domain name, not %q (Settings → Application, or FOLIO_WEBAUTHN_RP_ID).", rpid), "passkey", codeUnavailable)
	}
	wa, err := webauthn.New(&webauthn.Config{RPID: rpid, RPDisplayName: app.Settings().Meta.AppName, RPOrigins: origins})
	if err != nil {
		return nil, fieldError(http.StatusServiceUnavailable, "Passkeys are not set up right on this server: "+err.Error(), "passkey", codeUnavailable)
	}
	return wa, nil
}

// passkeyUser is a user as the WebAuthn library sees it: its id as the user handle, and its
// passkeys.
type passkeyUser struct {
	record  *core.Record
	factors []*core.Record
	creds   []webauthn.Credential
}

func loadPasskeyUser(app core.App, user *core.Record) (*passkeyUser, error) {
	fs, err := findPasskeys(app, user.Id)
	if err != nil {
		return nil, err
	}
	u := &passkeyUser{record: user}
	for _, f := range fs {
		var c webauthn.Credential
		if err := f.UnmarshalJSONField(schema.FactorCredential, &c); err != nil {
			app.Logger().Warn("unreadable passkey skipped", "factor", f.Id, "error", err)
			continue
		}
		u.factors, u.creds = append(u.factors, f), append(u.creds, c)
	}
	return u, nil
}

func (u *passkeyUser) WebAuthnID() []byte                         { return []byte(u.record.Id) }
func (u *passkeyUser) WebAuthnName() string                       { return u.record.Email() }
func (u *passkeyUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }
func (u *passkeyUser) WebAuthnDisplayName() string {
	if n := schema.AsUser(u.record).Name(); n != "" {
		return n
	}
	return u.record.Email()
}

// factorOf returns the factor that stores the credential with id.
func (u *passkeyUser) factorOf(id []byte) *core.Record {
	want := credentialKey(id)
	for _, f := range u.factors {
		if f.GetString(schema.FactorCredentialId) == want {
			return f
		}
	}
	return nil
}

// credentialKey is how a credential id is stored and looked up.
func credentialKey(id []byte) string { return base64.RawURLEncoding.EncodeToString(id) }

// errClonedAuthenticator refuses an assertion whose signature counter went backwards.
var errClonedAuthenticator = errors.New("the authenticator's signature counter went backwards")

// storeAssertion keeps what a verified assertion changed (the counter, the backup state) and
// refuses a credential the library flagged as possibly cloned.
func storeAssertion(app core.App, f *core.Record, cred *webauthn.Credential, now any) error {
	if cred.Authenticator.CloneWarning {
		return errClonedAuthenticator
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	f.Set(schema.FactorCredential, json.RawMessage(raw))
	f.Set(schema.FactorLastUsed, now)
	return app.Save(f)
}
