package ratelimit_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"folio/hooks/internal/testapp"
)

// The 11th sign-up from one address inside 5 minutes hits Folio's default "users:create" rule:
// the 429 says which limit, with Retry-After; another address is not limited.
func TestRateLimitNamesTheLimit(t *testing.T) {
	app := testapp.New(t)
	h := testapp.Handler(t, app)
	signUp := func(n int, ip string) *httptest.ResponseRecorder {
		body := strings.NewReader(`{"email":"u` + strings.Repeat("x", n) + `@folio.test","password":"quartz-lantern-meadow-4817","passwordConfirm":"quartz-lantern-meadow-4817"}`)
		req := httptest.NewRequest(http.MethodPost, "/api/collections/users/records", body)
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = ip + ":4000"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for i := 1; i <= 10; i++ {
		if rec := signUp(i, "203.0.113.7"); rec.Code != 200 {
			t.Fatalf("sign-up %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	rec := signUp(11, "203.0.113.7")
	if rec.Code != 429 {
		t.Fatalf("11th sign-up: want 429, got %d %s", rec.Code, rec.Body)
	}
	if got := rec.Header().Get("Retry-After"); got != "300" {
		t.Errorf("Retry-After = %q, want 300", got)
	}
	var out struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
		Data    map[string]struct {
			Code   string         `json:"code"`
			Params map[string]any `json:"params"`
		} `json:"data"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err, rec.Body.String())
	}
	if out.Status != 429 || !strings.Contains(out.Message, "at most 10 sign-ups per 5 minutes") {
		t.Errorf("message does not name the limit: %s", rec.Body)
	}
	if rl := out.Data["rateLimit"]; rl.Code != "rate_limited" || rl.Params["label"] != "users:create" {
		t.Errorf("data.rateLimit: %+v", out.Data)
	}
	if rec := signUp(12, "198.51.100.9"); rec.Code != 200 {
		t.Errorf("another address is limited too: %d %s", rec.Code, rec.Body)
	}
}
