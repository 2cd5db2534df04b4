package schema

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
)

// Names of the memberships collection and its fields.
const (
	CollectionMemberships = "memberships"

	MembershipSpace   = "space"
	MembershipUser    = "user"
	MembershipRole    = "role"
	MembershipCreated = "created"
	MembershipUpdated = "updated"
)

// Roles a member can hold in a space, from most to least powerful.
const (
	RoleOwner  = "owner"
	RoleAdmin  = "admin"
	RoleEditor = "editor"
	RoleViewer = "viewer"
)

// Roles lists every role, most powerful first.
var Roles = []string{RoleOwner, RoleAdmin, RoleEditor, RoleViewer}

// RoleAtLeast reports whether role is min or more powerful; unknown roles are never enough.
func RoleAtLeast(role, min string) bool {
	r, m := slices.Index(Roles, role), slices.Index(Roles, min)
	return r >= 0 && m >= 0 && r <= m
}

// Membership is a typed proxy over a memberships record.
type Membership struct {
	core.BaseRecordProxy
}

// AsMembership wraps an existing memberships record.
func AsMembership(r *core.Record) *Membership {
	m := &Membership{}
	m.SetProxyRecord(r)
	return m
}

// Space returns the id of the space.
func (m *Membership) Space() string { return m.GetString(MembershipSpace) }

// User returns the id of the member.
func (m *Membership) User() string { return m.GetString(MembershipUser) }

// Role returns the member's role.
func (m *Membership) Role() string { return m.GetString(MembershipRole) }
