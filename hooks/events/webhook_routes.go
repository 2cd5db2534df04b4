package events

import (
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// findManagedWebhook returns the webhook id names if the caller may manage it (the webhooks
// view rule: an owner or admin of its space), else a 404 that does not tell the two apart.
func findManagedWebhook(e *core.RequestEvent, id string) (*core.Record, error) {
	hook, err := e.App.FindRecordById(schema.CollectionWebhooks, id)
	if err != nil {
		return nil, e.NotFoundError("No such webhook.", err)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return nil, e.BadRequestError("Invalid request.", err)
	}
	if ok, err := e.App.CanAccessRecord(hook, info, hook.Collection().ViewRule); err != nil || !ok {
		return nil, e.NotFoundError("No such webhook.", err)
	}
	return hook, nil
}

// redeliverRoute answers POST /api/folio/deliveries/{id}/redeliver: the delivery goes back in
// its webhook's queue, in its event's place, with a fresh retry window. A delivery still
// pending is left as it is.
func redeliverRoute(e *core.RequestEvent) error {
	d, err := e.App.FindRecordById(schema.CollectionDeliveries, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("No such delivery.", err)
	}
	if _, err := findManagedWebhook(e, d.GetString(schema.DeliveryWebhook)); err != nil {
		return e.NotFoundError("No such delivery.", err)
	}
	if d.GetString(schema.DeliveryStatus) != schema.DeliveryPending {
		d.Set(schema.DeliveryStatus, schema.DeliveryPending)
		d.Set(schema.DeliveryFirstAttempt, "")
		d.Set(schema.DeliveryNextAttempt, time.Now())
		if err := e.App.Save(d); err != nil {
			return e.InternalServerError("", err)
		}
		nudgeDueAfterCommit(e.App)
	}
	return e.JSON(http.StatusOK, d)
}

// rotateSecretRoute answers POST /api/folio/webhooks/{id}/rotate-secret with a new secret,
// shown this once; the old one stops signing at once.
func rotateSecretRoute(e *core.RequestEvent) error {
	hook, err := findManagedWebhook(e, e.Request.PathValue("id"))
	if err != nil {
		return err
	}
	secret := NewSecret()
	hook.Set(schema.WebhookSecret, secret)
	if err := e.App.Save(hook); err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"id": hook.Id, schema.WebhookSecret: secret})
}
