package factors_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"folio/hooks/factors"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// A user with an authenticator app who passes the password gets 401 {mfaId} and no session;
// the code then gives the normal auth answer with a "password+totp" session.
func TestPasswordThenTOTP(t *testing.T) {
	e := newEnv(t)
	user := testapp.CreateUser(t, e.app, "ana@example.com", "Ana")
	secret, codes := e.enrolTOTP(t, user)
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes at enrolment, want 10", len(codes))
	}
	before := countSessions(t, e.app, user.Id)
	e.clock.Advance(30 * time.Second) // one step past the confirming code: it is the -1 step now
	id := e.mfaId(t, "ana@example.com")
	if got := countSessions(t, e.app, user.Id); got != before {
		t.Fatalf("the password step left %d new sessions", got-before)
	}
	res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": id, "code": e.code(t, secret, -1)})
	if res.Status != 200 || res.Body["token"] == nil {
		t.Fatalf("verify: %d %s", res.Status, res.Raw)
	}
	sess, err := e.app.FindFirstRecordByFilter(schema.CollectionSessions, "user = {:u}", dbx.Params{"u": user.Id})
	if err != nil || sess.GetString(schema.SessionMethod) != schema.SessionMethodPasswordTOTP {
		t.Fatalf("session after the second step: %v %v", sess, err)
	}
	// the token works: the session check lets it through
	if r := e.do(t, http.MethodGet, "/api/collections/factors/records", res.Body["token"].(string), nil); r.Status != 200 {
		t.Fatalf("list own factors with the new token: %d %s", r.Status, r.Raw)
	}
	// the mfaId is used up
	res = e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": id, "code": e.code(t, secret, 0)})
	if res.Status != 400 || errCode(res, "mfaId") != "mfa_expired" {
		t.Fatalf("reused mfaId: %d %s", res.Status, res.Raw)
	}
}

// ±1 step passes, ±2 fails, a replayed code fails, malformed codes get their own code.
func TestTOTPSkewReplayAndBadInput(t *testing.T) {
	e := newEnv(t)
	testapp.CreateUser(t, e.app, "bo@example.com", "Bo")
	user, _ := e.app.FindAuthRecordByEmail(schema.CollectionUsers, "bo@example.com")
	secret, _ := e.enrolTOTP(t, user)

	for _, skew := range []int{-2, 2} {
		res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "bo@example.com"), "code": e.code(t, secret, skew)})
		if res.Status != 400 || errCode(res, "code") != "invalid_code" {
			t.Fatalf("skew %d: %d %s, want 400 invalid_code", skew, res.Status, res.Raw)
		}
	}
	for _, bad := range []string{"12345", "abcdef", "1234567", strings.Repeat("9", 500)} {
		res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "bo@example.com"), "code": bad})
		if res.Status != 400 || errCode(res, "code") != "invalid_format" || res.Body["message"] == "" {
			t.Fatalf("code %q: %d %s, want 400 invalid_format", bad[:min(len(bad), 8)], res.Status, res.Raw)
		}
	}
	code := e.code(t, secret, 1)
	if res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "bo@example.com"), "code": code}); res.Status != 200 {
		t.Fatalf("skew +1: %d %s", res.Status, res.Raw)
	}
	res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "bo@example.com"), "code": code})
	if res.Status != 400 || errCode(res, "code") != "invalid_code" {
		t.Fatalf("replayed code: %d %s, want 400 invalid_code", res.Status, res.Raw)
	}
	// an older step than the one used is a replay too
	res = e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "bo@example.com"), "code": e.code(t, secret, 0)})
	if res.Status != 400 {
		t.Fatalf("an older code after a newer one: %d %s, want 400", res.Status, res.Raw)
	}
}

// Unknown, expired and garbage mfaIds get the very same answer.
func TestMFAIdEnumerationSafe(t *testing.T) {
	e := newEnv(t)
	user := testapp.CreateUser(t, e.app, "cy@example.com", "Cy")
	secret, _ := e.enrolTOTP(t, user)
	expired := e.mfaId(t, "cy@example.com")
	e.clock.Advance(6 * time.Minute)
	var first string
	for name, id := range map[string]any{"expired": expired, "unknown": "aaaaaaaaaaaaaaa", "empty": "", "long": strings.Repeat("x", 5000), "number": 42} {
		res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": id, "code": e.code(t, secret, 0)})
		if res.Status != 400 {
			t.Fatalf("%s mfaId: %d %s, want 400", name, res.Status, res.Raw)
		}
		if name == "number" {
			continue // a body that does not bind: its own 400
		}
		if first == "" {
			first = string(res.Raw)
		} else if string(res.Raw) != first {
			t.Fatalf("%s mfaId answers %s, others %s", name, res.Raw, first)
		}
	}
	// an unknown account at the password step: PocketBase's one 400, no mfaId
	if res := e.do(t, http.MethodPost, "/api/collections/users/auth-with-password", "", map[string]any{"identity": "nobody@example.com", "password": testapp.TestPassword}); res.Status != 400 || res.Body["mfaId"] != nil {
		t.Fatalf("unknown account: %d %s", res.Status, res.Raw)
	}
}

// Wrong codes are throttled per account on the password schedule (5 → 429 with Retry-After),
// audited, and the right code is refused while locked.
func TestSecondStepThrottled(t *testing.T) {
	e := newEnv(t)
	user := testapp.CreateUser(t, e.app, "di@example.com", "Di")
	secret, _ := e.enrolTOTP(t, user)
	id := e.mfaId(t, "di@example.com")
	wrong := "000000"
	if wrong == e.code(t, secret, 0) || wrong == e.code(t, secret, 1) || wrong == e.code(t, secret, -1) {
		wrong = "000001"
	}
	var res testapp.Response
	for i := range 5 {
		res = e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": id, "code": wrong})
		if i < 4 && res.Status != 400 {
			t.Fatalf("wrong code %d: %d %s", i+1, res.Status, res.Raw)
		}
	}
	if res.Status != 429 || errCode(res, "code") != "too_many_attempts" {
		t.Fatalf("fifth wrong code: %d %s, want 429", res.Status, res.Raw)
	}
	res = e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": id, "code": e.code(t, secret, 0)})
	if res.Status != 429 {
		t.Fatalf("right code while locked: %d %s, want 429", res.Status, res.Raw)
	}
	n, err := e.app.CountRecords(schema.CollectionAuditEvents, dbx.HashExp{schema.AuditAction: schema.ActionSecondStepFailed, "user": user.Id})
	if err != nil || n != 5 {
		t.Fatalf("%d failed-second-step audit events (%v), want 5", n, err)
	}
	e.clock.Advance(2 * time.Minute)
	id = e.mfaId(t, "di@example.com")
	if res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": id, "code": e.code(t, secret, 0)}); res.Status != 200 {
		t.Fatalf("after the lockout: %d %s", res.Status, res.Raw)
	}
}

// A recovery code signs in once, says how many remain, and is audited.
func TestRecoveryCode(t *testing.T) {
	e := newEnv(t)
	user := testapp.CreateUser(t, e.app, "ed@example.com", "Ed")
	_, codes := e.enrolTOTP(t, user)
	res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "ed@example.com"), "recoveryCode": strings.ToUpper(codes[3])})
	if res.Status != 200 || res.Body["meta"].(map[string]any)["recoveryCodesRemaining"] != float64(9) {
		t.Fatalf("recovery code: %d %s", res.Status, res.Raw)
	}
	res = e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "ed@example.com"), "recoveryCode": codes[3]})
	if res.Status != 400 || errCode(res, "recoveryCode") != "invalid_code" {
		t.Fatalf("used recovery code: %d %s", res.Status, res.Raw)
	}
	if n, _ := e.app.CountRecords(schema.CollectionAuditEvents, dbx.HashExp{schema.AuditAction: schema.ActionRecoveryUsed}); n != 1 {
		t.Fatalf("%d recovery-used events, want 1", n)
	}
	// regenerating voids the old set
	tok := testapp.Token(t, user)
	res = e.do(t, http.MethodPost, "/api/folio/factors/recovery", tok, map[string]any{"password": testapp.TestPassword})
	if res.Status != 200 || len(res.Body["recoveryCodes"].([]any)) != 10 {
		t.Fatalf("regenerate: %d %s", res.Status, res.Raw)
	}
	res = e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "ed@example.com"), "recoveryCode": codes[4]})
	if res.Status != 400 {
		t.Fatalf("an old-set code after regeneration: %d %s", res.Status, res.Raw)
	}
}

// Removing a factor needs proof, ends the other sessions, and then the password alone signs in.
func TestRemoveFactor(t *testing.T) {
	e := newEnv(t)
	user := testapp.CreateUser(t, e.app, "fi@example.com", "Fi")
	secret, _ := e.enrolTOTP(t, user)
	signIn := func() string {
		res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "fi@example.com"), "code": e.code(t, secret, 0)})
		e.clock.Advance(30 * time.Second)
		if res.Status != 200 {
			t.Fatalf("sign in: %d %s", res.Status, res.Raw)
		}
		return res.Body["token"].(string)
	}
	here, other := signIn(), signIn()
	f, err := e.app.FindFirstRecordByFilter(schema.CollectionFactors, "user = {:u} && kind = 'totp'", dbx.Params{"u": user.Id})
	if err != nil {
		t.Fatal(err)
	}
	res := e.do(t, http.MethodPost, "/api/folio/factors/"+f.Id+"/remove", here, map[string]any{"password": "not the password"})
	if res.Status != 400 || errCode(res, "password") != "invalid_code" {
		t.Fatalf("remove with a wrong password: %d %s", res.Status, res.Raw)
	}
	stranger := testapp.CreateUser(t, e.app, "gu@example.com", "Gu")
	res = e.do(t, http.MethodPost, "/api/folio/factors/"+f.Id+"/remove", testapp.Token(t, stranger), map[string]any{"password": testapp.TestPassword})
	if res.Status != 404 {
		t.Fatalf("another user removes it: %d %s, want 404", res.Status, res.Raw)
	}
	res = e.do(t, http.MethodPost, "/api/folio/factors/"+f.Id+"/remove", here, map[string]any{"password": testapp.TestPassword})
	if res.Status != 200 || res.Body["sessionsEnded"] != float64(1) {
		t.Fatalf("remove: %d %s", res.Status, res.Raw)
	}
	if r := e.do(t, http.MethodGet, "/api/collections/factors/records", other, nil); r.Status != 401 {
		t.Fatalf("the other session after the removal: %d %s, want 401", r.Status, r.Raw)
	}
	if r := e.do(t, http.MethodGet, "/api/collections/factors/records", here, nil); r.Status != 200 || r.Body["totalItems"] != float64(0) {
		t.Fatalf("this session after the removal: %d %s (recovery codes should be gone too)", r.Status, r.Raw)
	}
	if r := e.signIn(t, "fi@example.com"); r.Status != 200 {
		t.Fatalf("password sign-in without a factor: %d %s", r.Status, r.Raw)
	}
}

// The account export lists factors and never a secret.
func TestExportListsFactorsWithoutSecrets(t *testing.T) {
	e := newEnv(t)
	user := testapp.CreateUser(t, e.app, "ha@example.com", "Ha")
	secret, _ := e.enrolTOTP(t, user)
	res := e.do(t, http.MethodGet, "/api/folio/account/export", testapp.Token(t, user), nil)
	if res.Status != 200 {
		t.Fatalf("export: %d %s", res.Status, res.Raw)
	}
	parts := res.Body["parts"].(map[string]any)
	list, _ := parts["factors"].([]any)
	if len(list) != 2 {
		t.Fatalf("export lists %d factors, want 2 (app + recovery codes): %s", len(list), res.Raw)
	}
	raw := string(res.Raw)
	f, _ := e.app.FindFirstRecordByFilter(schema.CollectionFactors, "kind = 'totp'")
	for _, leak := range []string{secret, f.GetString(schema.FactorSecret), `"codes"`, `"secret"`, `"credential"`} {
		if strings.Contains(raw, leak) {
			t.Fatalf("the export holds %q", leak)
		}
	}
	if strings.Contains(raw, "v1.") {
		t.Fatal("the export holds a sealed secret")
	}
}

// Without the key that sealed a secret, the code cannot be checked: 503, not a counted guess;
// a recovery code still signs in. With the old key listed as previous, codes work again.
func TestMissingOrRotatedKey(t *testing.T) {
	e := newEnv(t)
	user := testapp.CreateUser(t, e.app, "ka@example.com", "Ka")
	secret, codes := e.enrolTOTP(t, user)
	newKey := "rotated-key-0123456789-abcdefghijklmnop"
	for _, keys := range [][]string{nil, {newKey}} {
		if err := factors.Configure(e.app, factors.Config{Keys: keys, Now: e.clock.Now}); err != nil {
			t.Fatal(err)
		}
		res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "ka@example.com"), "code": e.code(t, secret, 0)})
		if res.Status != 503 || errCode(res, "code") != "unavailable" {
			t.Fatalf("keys %d: %d %s, want 503 unavailable", len(keys), res.Status, res.Raw)
		}
	}
	if res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "ka@example.com"), "recoveryCode": codes[0]}); res.Status != 200 {
		t.Fatalf("recovery code without the key: %d %s", res.Status, res.Raw)
	}
	if err := factors.Configure(e.app, factors.Config{Keys: []string{newKey, testKey}, Now: e.clock.Now}); err != nil {
		t.Fatal(err)
	}
	if res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "ka@example.com"), "code": e.code(t, secret, 0)}); res.Status != 200 {
		t.Fatalf("with the old key as previous: %d %s", res.Status, res.Raw)
	}
	// re-sealed with the new key: the old one can go
	if err := factors.Configure(e.app, factors.Config{Keys: []string{newKey}, Now: e.clock.Now}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(30 * time.Second)
	if res := e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": e.mfaId(t, "ka@example.com"), "code": e.code(t, secret, 0)}); res.Status != 200 {
		t.Fatalf("after re-sealing, with the new key alone: %d %s", res.Status, res.Raw)
	}
}
