package events

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// onWebhookCreateRequest runs when a client creates a webhook. The server makes the secret —
// whatever the client sent is dropped — and the answer to this request is the only one that
// shows it. A new webhook is active unless the client said otherwise.
func onWebhookCreateRequest(e *core.RecordRequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("Invalid request body.", err)
	}
	if _, sent := info.Body[schema.WebhookActive]; !sent {
		e.Record.Set(schema.WebhookActive, true)
	}
	e.Record.Set(schema.WebhookSecret, "")
	e.Record.Set(schema.WebhookFailures, 0)
	e.Record.Set(schema.WebhookDisabledReason, "")
	e.Record.Unhide(schema.WebhookSecret) // this record is this response's only
	return e.Next()
}

// onWebhookCreateSecret gives every new webhook — API, dashboard or Go — a fresh secret.
func onWebhookCreateSecret(e *core.RecordEvent) error {
	if e.Record.GetString(schema.WebhookSecret) == "" {
		e.Record.Set(schema.WebhookSecret, NewSecret())
	}
	return e.Next()
}

// onWebhookUpdateRequest keeps the secret, failure count and disabled note out of the client's
// reach; turning a webhook back on clears its failure count and note.
func onWebhookUpdateRequest(e *core.RecordRequestEvent) error {
	orig := e.Record.Original()
	e.Record.Set(schema.WebhookSecret, orig.GetString(schema.WebhookSecret))
	e.Record.Set(schema.WebhookFailures, orig.GetInt(schema.WebhookFailures))
	e.Record.Set(schema.WebhookDisabledReason, orig.GetString(schema.WebhookDisabledReason))
	if e.Record.GetBool(schema.WebhookActive) && !orig.GetBool(schema.WebhookActive) {
		e.Record.Set(schema.WebhookFailures, 0)
		e.Record.Set(schema.WebhookDisabledReason, "")
	}
	return e.Next()
}

// onWebhookValidate refuses a URL that is not http(s) or that names a refused address. A host
// name is resolved once here for a clear error (one that does not resolve now is let through:
// its deliveries fail and are retried); the delivery checks every address it dials.
func onWebhookValidate(e *core.RecordEvent) error {
	u, err := url.Parse(e.Record.GetString(schema.WebhookURL))
	if err == nil {
		w := workerOf(e.App)
		if w == nil {
			return e.Next()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err = w.guard.checkURL(ctx, u); errors.Is(err, errResolve) {
			err = nil
		}
	}
	if err != nil {
		msg := "Give an http:// or https:// URL the server may reach."
		if errors.Is(err, ErrRefusedTarget) {
			msg = err.Error() + ": webhooks may not reach private, loopback or link-local addresses (FOLIO_WEBHOOK_ALLOW_PRIVATE allows them)."
		}
		return validation.Errors{schema.WebhookURL: validation.NewError("validation_webhook_url", msg)}
	}
	return e.Next()
}

// maxSpaceWebhooks is how many webhooks one space may have, as many as GitHub lets a repository
// have: every event of the space is delivered to each of them, and more would make a space an
// amplifier aimed at somebody else's server.
const maxSpaceWebhooks = 20

// onWebhookLimit refuses a webhook past the space's maxSpaceWebhooks.
func onWebhookLimit(e *core.RecordEvent) error {
	space := e.Record.GetString(schema.WebhookSpace)
	if !e.Record.IsNew() && space == e.Record.Original().GetString(schema.WebhookSpace) {
		return e.Next()
	}
	n, err := e.App.CountRecords(schema.CollectionWebhooks, dbx.HashExp{schema.WebhookSpace: space})
	if err != nil {
		return err
	}
	if n >= maxSpaceWebhooks {
		return validation.Errors{schema.WebhookSpace: validation.NewError("validation_too_many_webhooks",
			fmt.Sprintf("A space has at most %d webhooks; delete one it no longer needs first.", maxSpaceWebhooks))}
	}
	return e.Next()
}
