package schema

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Names of the factors collection and its fields: a user's second factors (an authenticator
// app, passkeys, a set of recovery codes). Secrets live in hidden fields and never leave the
// server; the API lets a user list and view its own factors only.
const (
	CollectionFactors = "factors"

	FactorUser         = "user"
	FactorKind         = "kind"
	FactorName         = "name"
	FactorConfirmed    = "confirmed"
	FactorSecret       = "secret"        // hidden: the TOTP secret, encrypted
	FactorLastStep     = "last_step"     // hidden: the last TOTP time step accepted (no replay)
	FactorCodes        = "codes"         // hidden: hashes of the unused recovery codes
	FactorRemaining    = "remaining"     // unused recovery codes
	FactorCredential   = "credential"    // hidden: the WebAuthn credential (public key, counter, flags)
	FactorCredentialId = "credential_id" // hidden: base64url credential id, for sign-in lookups
	FactorLastUsed     = "last_used"
	FactorCreated      = "created"
	FactorUpdated      = "updated"
)

// Kinds of factor.
const (
	FactorKindTOTP     = "totp"
	FactorKindPasskey  = "passkey"
	FactorKindRecovery = "recovery"
)

// FactorKinds lists every factor kind.
var FactorKinds = []string{FactorKindTOTP, FactorKindPasskey, FactorKindRecovery}

// Names of the factor_challenges collection: a pending second step of a sign-in (its id is the
// mfaId the client holds) or a pending WebAuthn ceremony. Only the server reads or writes them.
const (
	CollectionFactorChallenges = "factor_challenges"

	ChallengePurpose     = "purpose"
	ChallengeUser        = "user"
	ChallengeFirstMethod = "first_method"
	ChallengeData        = "data"
	ChallengeFailures    = "failures"
	ChallengeExpires     = "expires"
	ChallengeCreated     = "created"
)

// What a challenge is for.
const (
	PurposeSecondStep      = "second_step"
	PurposePasskeyRegister = "passkey_register"
	PurposePasskeySignIn   = "passkey_signin"
)

// ChallengePurposes lists every challenge purpose.
var ChallengePurposes = []string{PurposeSecondStep, PurposePasskeyRegister, PurposePasskeySignIn}

// Session methods of sign-ins that took a second factor (first step + second step), and of a
// passwordless passkey sign-in.
const (
	SessionMethodPasswordTOTP     = "password+totp"
	SessionMethodPasswordPasskey  = "password+passkey"
	SessionMethodPasswordRecovery = "password+recovery"
	SessionMethodOTPTOTP          = "otp+totp"
	SessionMethodOTPPasskey       = "otp+passkey"
	SessionMethodOTPRecovery      = "otp+recovery"
	SessionMethodOAuth2TOTP       = "oauth2+totp"
	SessionMethodOAuth2Passkey    = "oauth2+passkey"
	SessionMethodOAuth2Recovery   = "oauth2+recovery"
	SessionMethodPasskey          = "passkey"
)

// SessionMethodsWithFactors lists the session methods a second factor or a passkey adds.
var SessionMethodsWithFactors = []string{SessionMethodPasswordTOTP, SessionMethodPasswordPasskey,
	SessionMethodPasswordRecovery, SessionMethodOTPTOTP, SessionMethodOTPPasskey, SessionMethodOTPRecovery,
	SessionMethodOAuth2TOTP, SessionMethodOAuth2Passkey, SessionMethodOAuth2Recovery, SessionMethodPasskey}

// RevokedFactorRemoved ends a user's other sessions when it removes a second factor.
const RevokedFactorRemoved = "factor_removed"

// Names of the spaces field that sets the second-factor policy, and its values.
const (
	SpaceSecondFactor = "second_factor"

	SecondFactorNone    = ""        // no requirement
	SecondFactorEditors = "editors" // editors, admins and owners need one to write
	SecondFactorMembers = "members" // every member needs one to write
)

// Audit actions about second factors.
const (
	ActionFactorAdded         = "factor.added"
	ActionFactorRemoved       = "factor.removed"
	ActionRecoveryUsed        = "factor.recovery_used"
	ActionRecoveryRegenerated = "factor.recovery_regenerated"
	ActionSecondStepFailed    = "factor.failed"
)

// Factor is a typed proxy over a factors record.
type Factor struct {
	core.BaseRecordProxy
}

// AsFactor wraps an existing factors record.
func AsFactor(r *core.Record) *Factor {
	f := &Factor{}
	f.SetProxyRecord(r)
	return f
}

// User returns the id of the factor's owner.
func (f *Factor) User() string { return f.GetString(FactorUser) }

// Kind returns the factor's kind (one of FactorKinds).
func (f *Factor) Kind() string { return f.GetString(FactorKind) }

// Name returns the name the user gave the factor.
func (f *Factor) Name() string { return f.GetString(FactorName) }

// Confirmed reports whether the factor was confirmed and is in use.
func (f *Factor) Confirmed() bool { return f.GetBool(FactorConfirmed) }

// LastUsed returns when the factor last completed a sign-in.
func (f *Factor) LastUsed() types.DateTime { return f.GetDateTime(FactorLastUsed) }

// Challenge is a typed proxy over a factor_challenges record.
type Challenge struct {
	core.BaseRecordProxy
}

// AsChallenge wraps an existing factor_challenges record.
func AsChallenge(r *core.Record) *Challenge {
	c := &Challenge{}
	c.SetProxyRecord(r)
	return c
}

// Purpose returns what the challenge is for (one of ChallengePurposes).
func (c *Challenge) Purpose() string { return c.GetString(ChallengePurpose) }

// User returns the id of the user the challenge is for ("" for a passwordless sign-in).
func (c *Challenge) User() string { return c.GetString(ChallengeUser) }

// FirstMethod returns how the first step of the sign-in was passed (password, otp, oauth2).
func (c *Challenge) FirstMethod() string { return c.GetString(ChallengeFirstMethod) }

// Expires returns when the challenge stops being accepted.
func (c *Challenge) Expires() types.DateTime { return c.GetDateTime(ChallengeExpires) }
