package factors_test

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"folio/hooks/factors"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

const testKey = "factor-test-key-0123456789abcdefghijklmnop"

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// env is a Folio app with a factor key and a controllable clock for the factors concern.
type env struct {
	app   *tests.TestApp
	h     http.Handler
	clock *clock
	ip    atomic.Int64
}

func newEnv(t *testing.T) *env {
	t.Helper()
	app := testapp.New(t)
	c := &clock{t: time.Unix(1_900_000_000, 0)}
	if err := factors.Configure(app, factors.Config{Keys: []string{testKey}, Now: c.Now, RPID: "localhost", RPOrigins: []string{"http://localhost:8090"}}); err != nil {
		t.Fatal(err)
	}
	app.Settings().RateLimits.Enabled = false
	return &env{app: app, h: testapp.Handler(t, app), clock: c}
}

// do sends one request from a fresh client address.
func (e *env) do(t *testing.T, method, url, token string, body any) testapp.Response {
	t.Helper()
	return testapp.Do(t, e.h, method, url, token, "10.1.0."+strconv.Itoa(int(e.ip.Add(1)%250)+1)+":5000", body)
}

// signIn posts a password sign-in.
func (e *env) signIn(t *testing.T, email string) testapp.Response {
	t.Helper()
	return e.do(t, http.MethodPost, "/api/collections/users/auth-with-password", "",
		map[string]any{"identity": email, "password": testapp.TestPassword})
}

// code is the authenticator app's code for secret at the clock's time plus skew steps.
func (e *env) code(t *testing.T, secret string, skew int) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, e.clock.Now().Add(time.Duration(skew)*30*time.Second),
		totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrolTOTP sets up and confirms an authenticator app for user, returning its secret and the
// recovery codes of the confirmation.
func (e *env) enrolTOTP(t *testing.T, user *core.Record) (string, []string) {
	t.Helper()
	tok := testapp.Token(t, user)
	res := e.do(t, http.MethodPost, "/api/folio/factors/totp", tok, map[string]any{"name": "Phone"})
	if res.Status != 200 {
		t.Fatalf("enrol: %d %s", res.Status, res.Raw)
	}
	secret, _ := res.Body["secret"].(string)
	res = e.do(t, http.MethodPost, "/api/folio/factors/totp/confirm", tok, map[string]any{"id": res.Body["id"], "code": e.code(t, secret, 0)})
	if res.Status != 200 {
		t.Fatalf("confirm: %d %s", res.Status, res.Raw)
	}
	var codes []string
	for _, c := range res.Body["recoveryCodes"].([]any) {
		codes = append(codes, c.(string))
	}
	e.clock.Advance(30 * time.Second) // the confirming code is spent
	return secret, codes
}

// mfaId signs user in with its password and returns the mfaId of the 401.
func (e *env) mfaId(t *testing.T, email string) string {
	t.Helper()
	res := e.signIn(t, email)
	id, _ := res.Body["mfaId"].(string)
	if res.Status != 401 || id == "" {
		t.Fatalf("password step: %d %s, want 401 with mfaId", res.Status, res.Raw)
	}
	return id
}

// errCode is data.<field>.code of an error answer.
func errCode(res testapp.Response, field string) string {
	data, _ := res.Body["data"].(map[string]any)
	f, _ := data[field].(map[string]any)
	code, _ := f["code"].(string)
	return code
}

func countSessions(t *testing.T, app core.App, user string) int {
	t.Helper()
	n, err := app.CountRecords(schema.CollectionSessions, dbxUser(user))
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func dbxUser(user string) dbx.Expression { return dbx.HashExp{schema.SessionUser: user} }
