package schema

import "github.com/pocketbase/pocketbase/core"

// Names of the users auth collection and its fields.
const (
	CollectionUsers = "users"

	UserEmail    = "email"
	UserVerified = "verified"
	UserName     = "name"
	UserAvatar   = "avatar"
	UserLocale   = "locale"
	UserStatus   = "status"
	UserCreated  = "created"
	UserUpdated  = "updated"
)

// Account statuses a user can be in.
const (
	StatusActive    = "active"
	StatusSuspended = "suspended"
	// StatusDeleted marks the anonymous record left behind by a deleted account, so that
	// content keeps a valid author without pointing at a person.
	StatusDeleted = "deleted"
)

// User is a typed proxy over a users record.
type User struct {
	core.BaseRecordProxy
}

// AsUser wraps an existing users record.
func AsUser(r *core.Record) *User {
	u := &User{}
	u.SetProxyRecord(r)
	return u
}

// Name returns the display name.
func (u *User) Name() string { return u.GetString(UserName) }

// Locale returns the preferred locale (lowercase BCP 47).
func (u *User) Locale() string { return u.GetString(UserLocale) }

// Status returns the account status; an empty status reads as active.
func (u *User) Status() string {
	if s := u.GetString(UserStatus); s != "" {
		return s
	}
	return StatusActive
}

// IsSuspended reports whether a superuser has suspended the account.
func (u *User) IsSuspended() bool { return u.Status() == StatusSuspended }

// IsDeleted reports whether the account was deleted (the record is an anonymous tombstone).
func (u *User) IsDeleted() bool { return u.Status() == StatusDeleted }
