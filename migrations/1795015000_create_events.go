package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Creates events, Folio's outbox: one row per change worth telling the world, written in the
// transaction of the change. seq orders them. No API rules: superusers read it in the
// dashboard; webhooks and notifications are how everyone else hears of it.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection(schema.CollectionEvents)
		c.Fields.Add(
			&core.NumberField{Name: schema.EventSeq, Required: true, OnlyInt: true, Min: types.Pointer(1.0)},
			&core.TextField{Name: schema.EventType, Required: true, Max: 64},
			&core.TextField{Name: schema.EventSpace, Max: 64},
			&core.TextField{Name: schema.EventRecord, Max: 64},
			&core.TextField{Name: schema.EventActor, Max: 64},
			&core.JSONField{Name: schema.EventPayload, MaxSize: 1 << 20},
			&core.BoolField{Name: schema.EventDispatched},
			&core.AutodateField{Name: schema.EventCreated, OnCreate: true},
		)
		c.AddIndex("idx_events_seq", true, schema.EventSeq, "")
		c.AddIndex("idx_events_dispatched_seq", false, schema.EventDispatched+", "+schema.EventSeq, "")
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionEvents)
	})
}
