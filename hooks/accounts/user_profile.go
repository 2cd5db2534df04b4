package accounts

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

const schemaUsers = schema.CollectionUsers

// onUserCreate runs before a user is inserted, whoever saves it (sign-up, dashboard, Go code):
// it stores the email in lowercase so invitations and lookups match it, and starts the account
// active.
func onUserCreate(e *core.RecordEvent) error {
	normalizeProfile(e.Record)
	if e.Record.GetString(schema.UserStatus) == "" {
		e.Record.Set(schema.UserStatus, schema.StatusActive)
	}
	return e.Next()
}

// onUserUpdate keeps the same normal form on every later save.
func onUserUpdate(e *core.RecordEvent) error {
	normalizeProfile(e.Record)
	return e.Next()
}

func normalizeProfile(r *core.Record) {
	if email := r.Email(); email != strings.ToLower(strings.TrimSpace(email)) {
		r.SetEmail(strings.ToLower(strings.TrimSpace(email)))
	}
	if loc := r.GetString(schema.UserLocale); loc != "" {
		r.Set(schema.UserLocale, strings.ReplaceAll(strings.ToLower(strings.TrimSpace(loc)), "_", "-"))
	}
	r.Set(schema.UserName, strings.TrimSpace(r.GetString(schema.UserName)))
}
