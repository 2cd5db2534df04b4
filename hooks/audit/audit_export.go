package audit

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/export"
	"folio/hooks/schema"
)

// exportAuditEvents is the audit_events part of a user's export: the events about its
// account, oldest first. They stay after the account is deleted (no Erase).
func exportAuditEvents(app core.App, user *core.Record) (any, error) {
	return export.Records(app, schema.CollectionAuditEvents, schema.AuditUser, user, schema.AuditSeq)
}
