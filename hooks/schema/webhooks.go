package schema

// Names of the webhooks collection and its fields. A webhook belongs to a space; owners and
// admins manage it. secret is hidden: the server generates it and shows it once, on create.
const (
	CollectionWebhooks = "webhooks"

	WebhookSpace          = "space"
	WebhookURL            = "url"
	WebhookEvents         = "events"
	WebhookActive         = "active"
	WebhookDescription    = "description"
	WebhookSecret         = "secret"
	WebhookFailures       = "failures"
	WebhookDisabledReason = "disabled_reason"
	WebhookCreated        = "created"
	WebhookUpdated        = "updated"
)

// Names of the deliveries collection and its fields: one row per event per webhook, updated
// after each attempt; the log owners and admins read.
const (
	CollectionDeliveries = "deliveries"

	DeliveryWebhook         = "webhook"
	DeliveryEvent           = "event"
	DeliveryEventType       = "event_type"
	DeliverySeq             = "seq"
	DeliveryStatus          = "status"
	DeliveryAttempt         = "attempt"
	DeliveryNextAttempt     = "next_attempt"
	DeliveryFirstAttempt    = "first_attempt"
	DeliveryResponseStatus  = "response_status"
	DeliveryLatency         = "latency_ms"
	DeliveryResponseExcerpt = "response_excerpt"
	DeliveryError           = "error"
	DeliveryCreated         = "created"
	DeliveryUpdated         = "updated"
)

// Delivery statuses: pending until a 2xx answer (succeeded) or until the retry window closes
// (failed).
const (
	DeliveryPending   = "pending"
	DeliverySucceeded = "succeeded"
	DeliveryFailed    = "failed"
)
