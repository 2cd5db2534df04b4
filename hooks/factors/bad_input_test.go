package factors_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"folio/hooks/internal/testapp"
)

// Every factors route answers bad input with a 4xx in PocketBase's error shape, never a 5xx:
// no body, broken JSON, wrong types, huge values, a garbage WebAuthn response, unknown ids.
func TestBadInputIsNever5xx(t *testing.T) {
	e := newEnv(t)
	user := testapp.CreateUser(t, e.app, "bad@example.com", "Bad")
	e.enrolTOTP(t, user)
	mfaId := e.mfaId(t, "bad@example.com")
	tok := testapp.Token(t, user)
	reg := e.do(t, http.MethodPost, "/api/folio/passkeys/register/begin", tok, map[string]any{"name": "x"})
	if reg.Status != 200 {
		t.Fatalf("register begin: %d %s", reg.Status, reg.Raw)
	}
	signin := e.do(t, http.MethodPost, "/api/folio/passkeys/signin/begin", "", nil)
	routes := []struct {
		path string
		auth bool
	}{
		{"/api/folio/factors/verify", false}, {"/api/folio/factors/passkey/begin", false}, {"/api/folio/factors/passkey/finish", false},
		{"/api/folio/passkeys/signin/finish", false}, {"/api/folio/passkeys/register/finish", true},
		{"/api/folio/factors/totp/confirm", true}, {"/api/folio/factors/recovery", true}, {"/api/folio/factors/nope/remove", true},
	}
	garbage := `{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AAAA","signature":"AAAA","attestationObject":"oA"}}`
	bodies := []string{
		``, `not json`, `[]`, `{"mfaId": 5}`, `{"mfaId": "` + mfaId + `", "code": 123456}`,
		`{"mfaId": "` + mfaId + `", "code": "` + strings.Repeat("1", 10000) + `"}`,
		`{"mfaId": "` + mfaId + `", "credential": ` + garbage + `}`,
		`{"mfaId": "` + mfaId + `", "credential": "x"}`,
		`{"challengeId": "` + signin.Body["challengeId"].(string) + `", "credential": ` + garbage + `}`,
		`{"challengeId": "` + reg.Body["challengeId"].(string) + `", "credential": ` + garbage + `}`,
		`{"challengeId": "unknown", "credential": {}}`,
		`{"id": "nope", "code": "123456"}`, `{"password": ["x"]}`, `{"recoveryCode": "` + strings.Repeat("z", 5000) + `"}`,
	}
	for _, r := range routes {
		for _, b := range bodies {
			req := httptest.NewRequest(http.MethodPost, r.path, bytes.NewReader([]byte(b)))
			req.Header.Set("Content-Type", "application/json")
			req.RemoteAddr = "10.9.0.1:5000"
			if r.auth {
				req.Header.Set("Authorization", tok)
			}
			rec := httptest.NewRecorder()
			e.h.ServeHTTP(rec, req)
			if rec.Code < 400 || rec.Code >= 500 || !strings.Contains(rec.Body.String(), `"message"`) {
				t.Errorf("POST %s %.60q: %d %s", r.path, b, rec.Code, rec.Body.String())
			}
		}
	}
}

// The guest factors routes have a per-address limit of their own (30 a minute), below the
// general /api/ rule.
func TestFactorRoutesRateLimited(t *testing.T) {
	e := newEnv(t)
	e.app.Settings().RateLimits.Enabled = true
	var last testapp.Response
	for range 31 {
		last = testapp.Do(t, e.h, http.MethodPost, "/api/folio/passkeys/signin/begin", "", "10.8.0.1:5000", nil)
	}
	if last.Status != 429 {
		t.Fatalf("31st passkey sign-in start from one address: %d %s, want 429", last.Status, last.Raw)
	}
	if res := testapp.Do(t, e.h, http.MethodPost, "/api/folio/passkeys/signin/begin", "", "10.8.0.2:5000", nil); res.Status != 200 {
		t.Fatalf("another address: %d %s", res.Status, res.Raw)
	}
}
