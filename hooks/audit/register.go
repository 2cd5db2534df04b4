// Package audit keeps Folio's audit trail (audit_events) append-only and tamper-evident: it
// refuses every write that does not come from auditlog.Append, records membership and role
// changes, prunes old events on a schedule without breaking the chain, adds the trail to the
// account export, and provides `folio audit verify` and `folio audit prune`. The chain itself
// is written by hooks/internal/auditlog, which every concern calls.
package audit

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/export"
	"folio/hooks/schema"
)

// Register binds the audit concern's hooks to app; the retention comes from
// FOLIO_AUDIT_RETENTION (see retention.go).
func Register(app core.App) error {
	keep, err := retentionFromEnv()
	if err != nil {
		return err
	}
	events, memberships := schema.CollectionAuditEvents, schema.CollectionMemberships

	// append-only
	app.OnRecordCreateRequest(events).BindFunc(onAuditEventWriteRequest)
	app.OnRecordUpdateRequest(events).BindFunc(onAuditEventWriteRequest)
	app.OnRecordDeleteRequest(events).BindFunc(onAuditEventWriteRequest)
	app.OnRecordCreate(events).BindFunc(onAuditEventCreate)
	app.OnRecordUpdate(events).BindFunc(onAuditEventUpdate)
	app.OnRecordDelete(events).BindFunc(onAuditEventDelete)

	// membership and role changes
	app.OnRecordCreateRequest(memberships).BindFunc(onMembershipRequest)
	app.OnRecordUpdateRequest(memberships).BindFunc(onMembershipRequest)
	app.OnRecordDeleteRequest(memberships).BindFunc(onMembershipRequest)
	app.OnRecordCreate(memberships).BindFunc(onMembershipCreate)
	app.OnRecordUpdate(memberships).BindFunc(onMembershipUpdate)
	app.OnRecordDelete(memberships).BindFunc(onMembershipDelete)

	// retention and export
	if keep > 0 {
		app.Cron().MustAdd("folioAuditPrune", "23 3 * * *", func() { pruneOlderThan(app, keep) })
	}
	export.Add(app, export.Part{Name: events, Export: exportAuditEvents})
	return nil
}
