package accounts_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/accounts"
	"folio/hooks/internal/testapp"
)

// clock is a controllable clock for accounts.Config.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a Folio app with a controllable clock, served on 127.0.0.1.
type env struct {
	app   *tests.TestApp
	srv   *httptest.Server
	clock *clock
}

func newEnv(t *testing.T, cfg accounts.Config) *env {
	t.Helper()
	app := testapp.New(t)
	c := &clock{t: time.Now()}
	cfg.Now = c.Now
	if err := accounts.Configure(app, cfg); err != nil {
		t.Fatal(err)
	}
	// PocketBase's per-IP limiter would answer the many sign-ins from 127.0.0.1 first
	app.Settings().RateLimits.Enabled = false
	srv := httptest.NewServer(testapp.Handler(t, app))
	t.Cleanup(srv.Close)
	return &env{app: app, srv: srv, clock: c}
}

// response is a decoded JSON answer.
type response struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
}

// call sends a JSON request with an optional token and user agent.
func (e *env) call(t *testing.T, method, path, token string, body any, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, testapp.JSONBody(t, body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := response{Status: res.StatusCode, Header: res.Header, Raw: string(raw)}
	if len(raw) > 0 && raw[0] == '{' {
		_ = json.Unmarshal(raw, &out.Body)
	}
	return out
}

const firefoxLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
const safariIPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"

// signIn signs in with a password from the given user agent and returns the token.
func (e *env) signIn(t *testing.T, email, password, userAgent string) string {
	t.Helper()
	res := e.call(t, "POST", "/api/collections/users/auth-with-password", "",
		map[string]string{"identity": email, "password": password}, "User-Agent", userAgent)
	if res.Status != 200 {
		t.Fatalf("sign in %s: %d %s", email, res.Status, res.Raw)
	}
	tok, _ := res.Body["token"].(string)
	if tok == "" {
		t.Fatalf("sign in %s: no token in %s", email, res.Raw)
	}
	return tok
}

// sid reads the session id claim of a token.
func sid(t testing.TB, token string) string {
	t.Helper()
	return claims(t, token)["sid"].(string)
}

func claims(t testing.TB, token string) map[string]any {
	t.Helper()
	parts := bytes.Split([]byte(token), []byte("."))
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	payload, err := base64.RawURLEncoding.DecodeString(string(parts[1]))
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(payload, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// dataCode is err.response.data[field].code of an error answer.
func (r response) dataCode(field string) string {
	data, _ := r.Body["data"].(map[string]any)
	f, _ := data[field].(map[string]any)
	code, _ := f["code"].(string)
	return code
}

// waitFor polls cond for up to 5 s; for effects that happen in the background.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
