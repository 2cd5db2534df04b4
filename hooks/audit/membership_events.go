package audit

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/schema"
)

// onMembershipRequest names the caller of a membership create, update or delete through the
// API for the model hooks below, which see every change (invitations accepted in Go, cascades
// from a deleted space or user) but no request.
func onMembershipRequest(e *core.RecordRequestEvent) error {
	defer auditlog.WithActor(e.Record, auditlog.ActorFromRequest(e.RequestEvent))()
	return e.Next()
}

// onMembershipCreate records a new member in the same transaction as the insert.
func onMembershipCreate(e *core.RecordEvent) error {
	return saveWithEvent(e, func() *auditlog.Event {
		return membershipEvent(e.Record, schema.ActionMemberAdded, map[string]any{"role": schema.AsMembership(e.Record).Role()})
	})
}

// onMembershipUpdate records a role change (other updates are not events).
func onMembershipUpdate(e *core.RecordEvent) error {
	from, to := schema.AsMembership(e.Record.Original()).Role(), schema.AsMembership(e.Record).Role()
	if from == to {
		return e.Next()
	}
	return saveWithEvent(e, func() *auditlog.Event {
		return membershipEvent(e.Record, schema.ActionMemberRoleChanged, map[string]any{"from": from, "to": to})
	})
}

// onMembershipDelete records a member leaving or being removed.
func onMembershipDelete(e *core.RecordEvent) error {
	return saveWithEvent(e, func() *auditlog.Event {
		return membershipEvent(e.Record, schema.ActionMemberRemoved, map[string]any{"role": schema.AsMembership(e.Record).Role()})
	})
}

func membershipEvent(r *core.Record, action string, data map[string]any) *auditlog.Event {
	m := schema.AsMembership(r)
	actor, _ := auditlog.ActorOf(r)
	data["space"] = m.Space()
	return &auditlog.Event{Action: action, Actor: actor, User: m.User(),
		Target: schema.CollectionMemberships + "/" + r.Id, Data: data}
}

// saveWithEvent lets the save go on and appends the event in the same transaction: the change
// and its audit event commit or roll back together.
func saveWithEvent(e *core.RecordEvent, event func() *auditlog.Event) error {
	orig := e.App
	err := orig.RunInTransaction(func(txApp core.App) error {
		e.App = txApp
		if err := e.Next(); err != nil {
			return err
		}
		_, err := auditlog.Append(txApp, *event())
		return err
	})
	e.App = orig
	return err
}
