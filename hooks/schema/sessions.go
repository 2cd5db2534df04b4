package schema

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Names of the sessions collection and its fields: one row per signed-in device.
const (
	CollectionSessions = "sessions"

	SessionUser          = "user"
	SessionMethod        = "method"
	SessionIP            = "ip"
	SessionUserAgent     = "user_agent"
	SessionClient        = "client"
	SessionOS            = "os"
	SessionDevice        = "device"
	SessionCreated       = "created"
	SessionLastActive    = "last_active"
	SessionIdleExpires   = "idle_expires"
	SessionExpires       = "expires"
	SessionRevokedAt     = "revoked_at"
	SessionRevokedReason = "revoked_reason"
)

// How a session was signed in.
const (
	SessionMethodPassword      = "password"
	SessionMethodOTP           = "otp"
	SessionMethodOAuth2        = "oauth2"
	SessionMethodMFA           = "mfa"
	SessionMethodImpersonation = "impersonation"
	// SessionMethodToken binds a token that Go code minted without a session on its first refresh.
	SessionMethodToken = "token"
)

// SessionMethods lists every session method.
var SessionMethods = append([]string{SessionMethodPassword, SessionMethodOTP, SessionMethodOAuth2,
	SessionMethodMFA, SessionMethodImpersonation, SessionMethodToken}, SessionMethodsWithFactors...)

// Why a session ended before its expiry.
const (
	RevokedLogout          = "logout"            // the device signed itself out
	RevokedByUser          = "revoked"           // the user revoked it from another device
	RevokedSignOutOthers   = "signed_out_others" // revoke-others from another device
	RevokedSignOutAll      = "signed_out_all"    // revoke-all
	RevokedByAdmin         = "admin"             // a superuser revoked it
	RevokedPasswordChanged = "password_changed"
	RevokedPasswordReset   = "password_reset"
	RevokedEmailChanged    = "email_changed"
	RevokedSuspended       = "suspended"
	RevokedEvicted         = "evicted" // the user went over the per-user session limit
	RevokedAccountDeleted  = "account_deleted"
)

// RevokeReasons lists every revoke reason.
var RevokeReasons = []string{RevokedLogout, RevokedByUser, RevokedSignOutOthers, RevokedSignOutAll,
	RevokedByAdmin, RevokedPasswordChanged, RevokedPasswordReset, RevokedEmailChanged,
	RevokedSuspended, RevokedEvicted, RevokedAccountDeleted, RevokedFactorRemoved}

// Session is a typed proxy over a sessions record.
type Session struct {
	core.BaseRecordProxy
}

// AsSession wraps an existing sessions record.
func AsSession(r *core.Record) *Session {
	s := &Session{}
	s.SetProxyRecord(r)
	return s
}

// User returns the id of the signed-in user.
func (s *Session) User() string { return s.GetString(SessionUser) }

// Method returns how the session signed in.
func (s *Session) Method() string { return s.GetString(SessionMethod) }

// LastActive returns when the session was last seen (at most about a minute stale).
func (s *Session) LastActive() types.DateTime { return s.GetDateTime(SessionLastActive) }

// Expires returns the session's absolute end: refreshes never go past it.
func (s *Session) Expires() types.DateTime { return s.GetDateTime(SessionExpires) }

// RevokedAt returns when the session was revoked; zero while it is not.
func (s *Session) RevokedAt() types.DateTime { return s.GetDateTime(SessionRevokedAt) }

// RevokedReason returns why the session was revoked (one of RevokeReasons).
func (s *Session) RevokedReason() string { return s.GetString(SessionRevokedReason) }

// IsRevoked reports whether the session was revoked.
func (s *Session) IsRevoked() bool { return !s.RevokedAt().IsZero() }
