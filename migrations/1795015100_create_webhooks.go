package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Creates webhooks and deliveries. Owners and admins of a space manage its webhooks and read
// their delivery log; the secret is hidden (the server generates it and shows it once); the
// deliveries are written by the event worker only.
func init() {
	m.Register(func(app core.App) error {
		spaces, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
		if err != nil {
			return err
		}
		w := core.NewBaseCollection(schema.CollectionWebhooks)
		w.Fields.Add(
			&core.RelationField{Name: schema.WebhookSpace, CollectionId: spaces.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.URLField{Name: schema.WebhookURL, Required: true},
			&core.SelectField{Name: schema.WebhookEvents, MaxSelect: len(schema.EventTypes), Values: schema.EventTypes},
			&core.BoolField{Name: schema.WebhookActive},
			&core.TextField{Name: schema.WebhookDescription, Max: 500},
			&core.TextField{Name: schema.WebhookSecret, Hidden: true, Max: 128},
			&core.NumberField{Name: schema.WebhookFailures, OnlyInt: true},
			&core.TextField{Name: schema.WebhookDisabledReason, Max: 500},
			&core.AutodateField{Name: schema.WebhookCreated, OnCreate: true},
			&core.AutodateField{Name: schema.WebhookUpdated, OnCreate: true, OnUpdate: true},
		)
		w.AddIndex("idx_webhooks_space", false, schema.WebhookSpace, "")
		manager := memberRule(schema.WebhookSpace, managers...)
		w.ListRule = types.Pointer(manager)
		w.ViewRule = w.ListRule
		w.CreateRule = types.Pointer(fmt.Sprintf("@request.auth.collectionName = %q && %s",
			schema.CollectionUsers, memberRule("@request.body."+schema.WebhookSpace, managers...)))
		w.UpdateRule = types.Pointer(fmt.Sprintf("@request.body.%s:changed = false && %s", schema.WebhookSpace, manager))
		w.DeleteRule = types.Pointer(manager)
		if err := app.Save(w); err != nil {
			return err
		}

		d := core.NewBaseCollection(schema.CollectionDeliveries)
		d.Fields.Add(
			&core.RelationField{Name: schema.DeliveryWebhook, CollectionId: w.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: schema.DeliveryEvent, Required: true, Max: 64},
			&core.TextField{Name: schema.DeliveryEventType, Max: 64},
			&core.NumberField{Name: schema.DeliverySeq, OnlyInt: true},
			&core.SelectField{Name: schema.DeliveryStatus, Required: true, MaxSelect: 1, Values: []string{
				schema.DeliveryPending, schema.DeliverySucceeded, schema.DeliveryFailed}},
			&core.NumberField{Name: schema.DeliveryAttempt, OnlyInt: true},
			&core.DateField{Name: schema.DeliveryNextAttempt},
			&core.DateField{Name: schema.DeliveryFirstAttempt},
			&core.NumberField{Name: schema.DeliveryResponseStatus, OnlyInt: true},
			&core.NumberField{Name: schema.DeliveryLatency, OnlyInt: true},
			&core.TextField{Name: schema.DeliveryResponseExcerpt, Max: 4096},
			&core.TextField{Name: schema.DeliveryError, Max: 1000},
			&core.AutodateField{Name: schema.DeliveryCreated, OnCreate: true},
			&core.AutodateField{Name: schema.DeliveryUpdated, OnCreate: true, OnUpdate: true},
		)
		d.AddIndex("idx_deliveries_webhook_status_seq", false,
			schema.DeliveryWebhook+", "+schema.DeliveryStatus+", "+schema.DeliverySeq, "")
		d.AddIndex("idx_deliveries_webhook_event", true, schema.DeliveryWebhook+", "+schema.DeliveryEvent, "")
		d.AddIndex("idx_deliveries_status_next", false, schema.DeliveryStatus+", "+schema.DeliveryNextAttempt, "")
		d.ListRule = types.Pointer(memberRule(schema.DeliveryWebhook+"."+schema.WebhookSpace, managers...))
		d.ViewRule = d.ListRule
		return app.Save(d)
	}, func(app core.App) error {
		if err := deleteCollection(app, schema.CollectionDeliveries); err != nil {
			return err
		}
		return deleteCollection(app, schema.CollectionWebhooks)
	})
}
