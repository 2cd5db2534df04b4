package schema

import (
	"github.com/pocketbase/pocketbase/core"
)

// Names of the audit_events collection and its fields: an append-only, hash-chained log.
const (
	CollectionAuditEvents = "audit_events"

	AuditSeq             = "seq"
	AuditAction          = "action"
	AuditActor           = "actor"
	AuditActorCollection = "actor_collection"
	AuditUser            = "user"
	AuditTarget          = "target"
	AuditIP              = "ip"
	AuditUserAgent       = "user_agent"
	AuditSession         = "session"
	AuditData            = "data"
	AuditPrevHash        = "prev_hash"
	AuditHash            = "hash"
	AuditCreated         = "created"
)

// Audit actions. The part before the dot names what the event is about.
const (
	ActionAccountCreated     = "account.created"
	ActionAccountSuspended   = "account.suspended"
	ActionAccountUnsuspended = "account.unsuspended"
	ActionAccountExported    = "account.exported"
	ActionAccountDeleted     = "account.deleted"
	ActionSignIn             = "auth.signin"
	ActionSignInFailed       = "auth.failed"
	ActionThrottled          = "auth.throttled"
	ActionLogout             = "session.logout"
	ActionSessionRevoked     = "session.revoked"
	ActionPasswordChanged    = "password.changed"
	ActionPasswordReset      = "password.reset"
	ActionEmailChanged       = "email.changed"
	ActionEmailVerified      = "email.verified"
	ActionMemberAdded        = "membership.created"
	ActionMemberRoleChanged  = "membership.role_changed"
	ActionMemberRemoved      = "membership.deleted"
	ActionAuditPruned        = "audit.pruned"
)

// AuditEvent is a typed proxy over an audit_events record.
type AuditEvent struct {
	core.BaseRecordProxy
}

// AsAuditEvent wraps an existing audit_events record.
func AsAuditEvent(r *core.Record) *AuditEvent {
	a := &AuditEvent{}
	a.SetProxyRecord(r)
	return a
}

// Seq returns the event's position in the chain, from 1.
func (a *AuditEvent) Seq() int64 { return a.GetInt64(AuditSeq) }

// Action returns what happened (one of the Action* constants).
func (a *AuditEvent) Action() string { return a.GetString(AuditAction) }

// User returns the id of the account the event is about, if any.
func (a *AuditEvent) User() string { return a.GetString(AuditUser) }

// PrevHash returns the hash of the event before it in the chain.
func (a *AuditEvent) PrevHash() string { return a.GetString(AuditPrevHash) }

// Hash returns the event's own hash.
func (a *AuditEvent) Hash() string { return a.GetString(AuditHash) }
