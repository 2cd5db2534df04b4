package schema

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Names of the invitations collection and its fields.
const (
	CollectionInvitations = "invitations"

	InvitationSpace       = "space"
	InvitationEmail       = "email"
	InvitationRole        = "role"
	InvitationTokenHash   = "token_hash"
	InvitationInviter     = "inviter"
	InvitationExpires     = "expires"
	InvitationStatus      = "status"
	InvitationRespondedAt = "responded_at"
	InvitationCreated     = "created"
	InvitationUpdated     = "updated"
)

// States an invitation moves through; only pending ones can be answered.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationDeclined = "declined"
	InvitationRevoked  = "revoked"
)

// Invitation is a typed proxy over an invitations record.
type Invitation struct {
	core.BaseRecordProxy
}

// AsInvitation wraps an existing invitations record.
func AsInvitation(r *core.Record) *Invitation {
	i := &Invitation{}
	i.SetProxyRecord(r)
	return i
}

// Space returns the id of the space the invitation is for.
func (i *Invitation) Space() string { return i.GetString(InvitationSpace) }

// Email returns the invited address (lowercase).
func (i *Invitation) Email() string { return i.GetString(InvitationEmail) }

// Role returns the role the invitee gets on accepting.
func (i *Invitation) Role() string { return i.GetString(InvitationRole) }

// Status returns the invitation's state.
func (i *Invitation) Status() string { return i.GetString(InvitationStatus) }

// Expires returns when the token stops working.
func (i *Invitation) Expires() types.DateTime { return i.GetDateTime(InvitationExpires) }
