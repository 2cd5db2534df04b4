package events_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"folio/hooks/events"
)

// verify is a port of the Standard Webhooks reference verifier (webhook.verify in the
// standardwebhooks libraries): the three headers must be there, the timestamp within five
// minutes, and one of the space-separated v1 signatures must equal the HMAC-SHA256 of
// "id.timestamp.body" keyed with the secret's base64 bytes, compared in constant time.
func verify(secret string, h http.Header, body []byte, now time.Time) error {
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		return errors.New("missing required headers")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("invalid timestamp")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > 5*time.Minute || d < -5*time.Minute {
		return errors.New("timestamp outside tolerance")
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "." + string(body)))
	want := mac.Sum(nil)
	for _, s := range strings.Split(sigs, " ") {
		version, sig, ok := strings.Cut(s, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(sig)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return errors.New("no matching signature found")
}

// TestSignMatchesSpecVector checks Sign against the example the Standard Webhooks spec and its
// reference libraries publish.
func TestSignMatchesSpecVector(t *testing.T) {
	const (
		secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
		id     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
		ts     = int64(1614265330)
		body   = `{"test": 2432232314}`
		want   = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
	)
	got, err := events.Sign(secret, id, ts, []byte(body))
	if err != nil || got != want {
		t.Fatalf("Sign = %q, %v; want %q", got, err, want)
	}
	h := http.Header{}
	h.Set("webhook-id", id)
	h.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	h.Set("webhook-signature", "v1,bm90LXRoaXM= "+got)
	if err := verify(secret, h, []byte(body), time.Unix(ts, 0)); err != nil {
		t.Fatalf("the reference check refuses the spec's own vector: %v", err)
	}
	if err := verify(secret, h, []byte(body+" "), time.Unix(ts, 0)); err == nil {
		t.Fatal("a changed body still verifies")
	}
	if _, err := events.Sign("whsec_not base64!", id, ts, nil); err == nil {
		t.Fatal("a malformed secret signs")
	}
	if s := events.NewSecret(); !strings.HasPrefix(s, "whsec_") || len(s) < 40 || s == events.NewSecret() {
		t.Fatalf("NewSecret: %q", s)
	}
}
