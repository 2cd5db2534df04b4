package accounts

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// viaAccountDelete marks the save that turns a deleted account into its tombstone: the
// account deletion records its own events, so this hook stays out of it.
const viaAccountDelete = "account-delete"

// userChanges are the security-relevant differences between a users record being saved and
// its stored original.
type userChanges struct {
	password    bool   // a new password is being set
	oldEmail    string // the previous address, when the email changes
	verified    bool   // the email just became verified
	suspended   bool
	unsuspended bool
}

func changesOf(r *core.Record) userChanges {
	o := r.Original()
	was, is := schema.AsUser(o).Status(), schema.AsUser(r).Status()
	c := userChanges{
		password:    r.GetString(core.FieldNamePassword) != "",
		verified:    !o.Verified() && r.Verified(),
		suspended:   is == schema.StatusSuspended && was != schema.StatusSuspended,
		unsuspended: was == schema.StatusSuspended && is == schema.StatusActive,
	}
	if o.Email() != "" && o.Email() != r.Email() {
		c.oldEmail = o.Email()
	}
	return c
}

func (c userChanges) none() bool { return c == userChanges{} }

// revokeReason is why a change ends every session of the user ("" when it does not).
func (c userChanges) revokeReason(actor auditlog.Actor) string {
	switch {
	case c.suspended:
		return schema.RevokedSuspended
	case c.password && actor.Via == auditlog.ViaPasswordReset:
		return schema.RevokedPasswordReset
	case c.password:
		return schema.RevokedPasswordChanged
	case c.oldEmail != "":
		return schema.RevokedEmailChanged
	}
	return ""
}

// onUserSecurityUpdate runs on every save of an existing user, whoever makes it (the user, a
// superuser in the dashboard, a reset link, Go code). A new password, a new email or a
// suspension ends every session of the user in the same transaction as the save, with the
// reason on each row; suspension also rotates the token key, which drops the user's realtime
// auth at once. Each change is recorded in the audit trail, and the user is mailed after commit.
func (s *service) onUserSecurityUpdate(e *core.RecordEvent) error {
	ch := changesOf(e.Record)
	actor, _ := auditlog.ActorOf(e.Record)
	if ch.none() || actor.Via == viaAccountDelete {
		return e.Next()
	}
	if ch.suspended {
		e.Record.RefreshTokenKey()
	}
	now := s.now()
	orig := e.App
	err := orig.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		if err := e.Next(); err != nil {
			return err
		}
		return recordUserChanges(txApp, e.Record, ch, actor, now)
	})
	e.App = orig
	if err != nil {
		return err
	}
	if ch.password {
		mailPasswordChanged(e.App, e.Record, now)
	}
	if ch.oldEmail != "" {
		mailEmailChanged(e.App, e.Record, ch.oldEmail, now)
	}
	return nil
}

// recordUserChanges revokes the sessions a change ends and appends its audit events.
func recordUserChanges(txApp core.App, user *core.Record, ch userChanges, actor auditlog.Actor, now time.Time) error {
	if reason := ch.revokeReason(actor); reason != "" {
		if _, err := revokeUserSessions(txApp, user.Id, "", reason, actor, now); err != nil {
			return err
		}
	}
	var events []auditlog.Event
	add := func(action string, data map[string]any) {
		events = append(events, auditlog.Event{Action: action, Actor: actor, User: user.Id, Data: data})
	}
	switch {
	case ch.password && actor.Via == auditlog.ViaPasswordReset:
		add(schema.ActionPasswordReset, nil)
	case ch.password:
		add(schema.ActionPasswordChanged, nil)
	}
	if ch.oldEmail != "" {
		add(schema.ActionEmailChanged, map[string]any{"from": ch.oldEmail, "to": user.Email()})
	}
	if ch.verified {
		add(schema.ActionEmailVerified, map[string]any{"email": user.Email()})
	}
	if ch.suspended {
		add(schema.ActionAccountSuspended, nil)
	}
	if ch.unsuspended {
		add(schema.ActionAccountUnsuspended, nil)
	}
	for _, ev := range events {
		if _, err := auditlog.Append(txApp, ev); err != nil {
			return err
		}
	}
	return nil
}
