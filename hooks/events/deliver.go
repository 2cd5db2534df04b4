package events

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// dueHead is a webhook's oldest pending delivery, due now.
type dueHead struct {
	id, webhook string
}

// findDueHeads returns, for each active webhook, its oldest pending delivery if it is due by
// now. A webhook whose oldest delivery waits for a retry waits whole: its events go in order.
func findDueHeads(app core.App, now time.Time) ([]dueHead, error) {
	var rows []struct {
		Id      string `db:"id"`
		Webhook string `db:"webhook"`
	}
	err := app.DB().NewQuery(fmt.Sprintf(
		"SELECT d.[[id]] AS id, d.[[%[2]s]] AS webhook FROM {{%[1]s}} d JOIN {{%[3]s}} w ON w.[[id]] = d.[[%[2]s]] "+
			"WHERE w.[[%[4]s]] = TRUE AND d.[[%[5]s]] = {:pending} AND d.[[%[6]s]] <= {:now} "+
			"AND d.[[%[7]s]] = (SELECT MIN(x.[[%[7]s]]) FROM {{%[1]s}} x WHERE x.[[%[2]s]] = d.[[%[2]s]] AND x.[[%[5]s]] = {:pending}) "+
			"ORDER BY d.[[%[7]s]] LIMIT 1000",
		schema.CollectionDeliveries, schema.DeliveryWebhook, schema.CollectionWebhooks, schema.WebhookActive,
		schema.DeliveryStatus, schema.DeliveryNextAttempt, schema.DeliverySeq)).
		Bind(dbx.Params{"pending": schema.DeliveryPending, "now": dateString(now)}).All(&rows)
	out := make([]dueHead, 0, len(rows))
	seen := map[string]bool{}
	for _, r := range rows {
		if !seen[r.Webhook] { // two pending rows of one event (never made, but cheap to guard)
			seen[r.Webhook] = true
			out = append(out, dueHead{r.Id, r.Webhook})
		}
	}
	return out, err
}

func dateString(t time.Time) string {
	d, _ := types.ParseDateTime(t.UTC())
	return d.String()
}

// Message is the body Folio posts to a webhook, in the shape the Standard Webhooks spec
// recommends: the event type, when it happened and its data.
type Message struct {
	Type      string          `json:"type"`
	Timestamp string          `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// outcome is what one attempt got.
type outcome struct {
	status  int
	latency time.Duration
	excerpt string
	err     error
}

func (o outcome) ok() bool { return o.err == nil && o.status >= 200 && o.status < 300 }

// attempt sends delivery id once and records the outcome: done on a 2xx answer, otherwise
// rescheduled with backoff, or failed once the retry window is over — which also disables the
// webhook and tells the space's owners.
func (w *worker) attempt(ctx context.Context, id string) error {
	app := w.app
	d, err := app.FindRecordById(schema.CollectionDeliveries, id)
	if err != nil || d.GetString(schema.DeliveryStatus) != schema.DeliveryPending {
		return nil // deleted with its webhook, or already settled
	}
	hook, err := app.FindRecordById(schema.CollectionWebhooks, d.GetString(schema.DeliveryWebhook))
	if err != nil {
		return nil
	}
	ev, err := app.FindRecordById(schema.CollectionEvents, d.GetString(schema.DeliveryEvent))
	if err != nil {
		return w.settle(d, hook, outcome{err: fmt.Errorf("the event is gone: %w", err)}, true)
	}
	out := w.send(ctx, hook, ev)
	if ctx.Err() != nil && out.err != nil {
		return nil // stopping: the attempt is repeated after restart
	}
	return w.settle(d, hook, out, false)
}

// send posts ev to hook's URL, signed, and reads at most MaxResponseBytes of the answer.
func (w *worker) send(ctx context.Context, hook, ev *core.Record) outcome {
	body, err := json.Marshal(Message{
		Type:      ev.GetString(schema.EventType),
		Timestamp: ev.GetDateTime(schema.EventCreated).Time().UTC().Format(time.RFC3339Nano),
		Data:      json.RawMessage(ev.GetString(schema.EventPayload)),
	})
	if err != nil {
		return outcome{err: err}
	}
	u := hook.GetString(schema.WebhookURL)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return outcome{err: err}
	}
	if err := w.guard.checkURL(ctx, req.URL); err != nil {
		return outcome{err: err}
	}
	ts := time.Now().Unix()
	sig, err := Sign(hook.GetString(schema.WebhookSecret), ev.Id, ts, body)
	if err != nil {
		return outcome{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Folio-Webhooks/1")
	req.Header.Set("webhook-id", ev.Id)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", sig)
	start := time.Now()
	resp, err := w.client.Do(req)
	if err != nil {
		return outcome{latency: time.Since(start), err: err}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes))
	return outcome{status: resp.StatusCode, latency: time.Since(start), excerpt: excerpt(raw), err: err}
}

// excerpt is the start of a response body, cut at ExcerptBytes on a character boundary.
func excerpt(b []byte) string {
	if len(b) > ExcerptBytes {
		b = b[:ExcerptBytes]
	}
	s := strings.ToValidUTF8(string(b), "")
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// settle writes an attempt's outcome on the delivery and the webhook in one transaction.
func (w *worker) settle(d, hook *core.Record, out outcome, final bool) error {
	now := time.Now()
	var disabled bool
	err := w.app.RunInTransaction(func(tx core.App) error {
		if d.GetDateTime(schema.DeliveryFirstAttempt).IsZero() {
			d.Set(schema.DeliveryFirstAttempt, now)
		}
		d.Set(schema.DeliveryAttempt, d.GetInt(schema.DeliveryAttempt)+1)
		d.Set(schema.DeliveryResponseStatus, out.status)
		d.Set(schema.DeliveryLatency, out.latency.Milliseconds())
		d.Set(schema.DeliveryResponseExcerpt, out.excerpt)
		d.Set(schema.DeliveryError, errorText(out))
		fresh, err := tx.FindRecordById(schema.CollectionWebhooks, hook.Id)
		if err != nil {
			return err
		}
		switch {
		case out.ok():
			d.Set(schema.DeliveryStatus, schema.DeliverySucceeded)
			if fresh.GetInt(schema.WebhookFailures) == 0 {
				return tx.SaveNoValidate(d) // the webhook's row has nothing new to say
			}
			fresh.Set(schema.WebhookFailures, 0)
		case final || now.Sub(d.GetDateTime(schema.DeliveryFirstAttempt).Time()) >= w.cfg.RetryWindow:
			d.Set(schema.DeliveryStatus, schema.DeliveryFailed)
			fresh.Set(schema.WebhookFailures, fresh.GetInt(schema.WebhookFailures)+1)
			if !final {
				disabled = fresh.GetBool(schema.WebhookActive)
				fresh.Set(schema.WebhookActive, false)
				fresh.Set(schema.WebhookDisabledReason, fmt.Sprintf(
					"Disabled on %s: a delivery failed for %s (%d attempts; last: %s).",
					now.UTC().Format(time.RFC1123), w.cfg.RetryWindow, d.GetInt(schema.DeliveryAttempt), errorText(out)))
			}
		default:
			d.Set(schema.DeliveryNextAttempt, now.Add(w.backoff(d.GetInt(schema.DeliveryAttempt))))
			fresh.Set(schema.WebhookFailures, fresh.GetInt(schema.WebhookFailures)+1)
		}
		// Not validated again: a webhook whose URL now resolves to a refused address must still
		// have its attempts recorded (and be disabled in the end), not fail to settle forever.
		if err := tx.SaveNoValidate(d); err != nil {
			return err
		}
		return tx.SaveNoValidate(fresh)
	})
	if err == nil && disabled {
		mailWebhookDisabled(w.app, hook)
	}
	return err
}

func errorText(o outcome) string {
	switch {
	case o.err != nil:
		s := o.err.Error()
		if len(s) > 900 {
			s = s[:900]
		}
		return s
	case o.status < 200 || o.status >= 300:
		return fmt.Sprintf("the receiver answered %d", o.status)
	}
	return ""
}

// backoff is the delay before retry n+1: RetryBase doubled per attempt, capped at RetryMax, and
// drawn uniformly from its upper half so that retries of many deliveries spread out.
func (w *worker) backoff(attempts int) time.Duration {
	d := w.cfg.RetryBase
	for i := 1; i < attempts && d < w.cfg.RetryMax; i++ {
		d *= 2
	}
	d = min(d, w.cfg.RetryMax)
	return d/2 + rand.N(d/2+1)
}
