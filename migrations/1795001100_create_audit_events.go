package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Creates audit_events: an append-only log in which every event stores the hash of the one
// before it (hooks/internal/auditlog). A user lists and views the events about its own
// account; superusers see all. Nobody creates, updates or deletes through the API (the audit
// hooks refuse it even to superusers). The people fields are plain text ids, not relations:
// deleting a user must not rewrite, and so break, the chain.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection(schema.CollectionAuditEvents)
		c.Fields.Add(
			&core.NumberField{Name: schema.AuditSeq, Required: true, OnlyInt: true, Min: types.Pointer(1.0)},
			&core.TextField{Name: schema.AuditAction, Required: true, Max: 64, Presentable: true},
			&core.TextField{Name: schema.AuditActor, Max: 64},
			&core.TextField{Name: schema.AuditActorCollection, Max: 64},
			&core.TextField{Name: schema.AuditUser, Max: 64},
			&core.TextField{Name: schema.AuditTarget, Max: 255},
			&core.TextField{Name: schema.AuditIP, Max: 64},
			&core.TextField{Name: schema.AuditUserAgent, Max: 512},
			&core.TextField{Name: schema.AuditSession, Max: 64},
			&core.JSONField{Name: schema.AuditData, MaxSize: 16 << 10},
			&core.TextField{Name: schema.AuditPrevHash, Max: 64},
			&core.TextField{Name: schema.AuditHash, Required: true, Max: 64},
			&core.AutodateField{Name: schema.AuditCreated, OnCreate: true},
		)
		// Unique seq and prev_hash: two appends that read the same head cannot both commit, so
		// the chain cannot fork even if the writer's serialization were bypassed.
		c.AddIndex("idx_audit_events_seq", true, schema.AuditSeq, "")
		c.AddIndex("idx_audit_events_prev_hash", true, schema.AuditPrevHash, "")
		c.AddIndex("idx_audit_events_user_seq", false, schema.AuditUser+", "+schema.AuditSeq, "")

		own := fmt.Sprintf("@request.auth.collectionName = %q && %s = @request.auth.id", schema.CollectionUsers, schema.AuditUser)
		c.ListRule = types.Pointer(own)
		c.ViewRule = types.Pointer(own)
		c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionAuditEvents)
	})
}
