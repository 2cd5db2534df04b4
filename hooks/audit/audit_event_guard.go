package audit

import (
	"errors"

	"github.com/pocketbase/pocketbase/core"
)

// errAppendOnly is what any write to audit_events outside auditlog.Append gets.
var errAppendOnly = errors.New("audit events are append-only: Folio writes them, nobody edits or deletes them")

// onAuditEventWriteRequest refuses creating, updating or deleting an audit event through the
// records API, to superusers too (users are already stopped by the nil rules).
func onAuditEventWriteRequest(e *core.RecordRequestEvent) error {
	return e.ForbiddenError("Audit events are append-only: nobody creates, edits or deletes them through the API.", nil)
}

// onAuditEventCreate refuses every record-level insert, from Go code too: auditlog.Append,
// which chains each event, writes with SQL and never comes through here.
func onAuditEventCreate(e *core.RecordEvent) error {
	return errAppendOnly
}

// onAuditEventUpdate refuses every update, from Go code too.
func onAuditEventUpdate(e *core.RecordEvent) error {
	return errAppendOnly
}

// onAuditEventDelete refuses every record delete, from Go code too; retention pruning
// deletes in SQL and records the cut in the chain (auditlog.Prune).
func onAuditEventDelete(e *core.RecordEvent) error {
	return errAppendOnly
}
