package factors_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// expectMail waits (the mail goes out in the background) for a mail to addr whose subject
// contains want, and returns its text.
func (e *env) expectMail(t *testing.T, addr, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range e.app.TestMailer.Messages() {
			if len(m.To) > 0 && m.To[0].Address == addr && strings.Contains(m.Subject, want) {
				return m.Text
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no mail to %s about %q", addr, want)
	return ""
}

// Security mail and audit events: a factor added, a failed second step, a recovery code used
// (with the count left), a factor removed.
func TestFactorMailAndAudit(t *testing.T) {
	e := newEnv(t)
	user := testapp.CreateUser(t, e.app, "ma@example.com", "Ma")
	secret, codes := e.enrolTOTP(t, user)
	e.expectMail(t, "ma@example.com", "second factor was added")

	id := e.mfaId(t, "ma@example.com")
	wrong := "000000"
	if wrong == e.code(t, secret, 0) || wrong == e.code(t, secret, 1) || wrong == e.code(t, secret, -1) {
		wrong = "000001"
	}
	e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": id, "code": wrong})
	e.expectMail(t, "ma@example.com", "failed at the second step")

	e.do(t, http.MethodPost, "/api/folio/factors/verify", "", map[string]any{"mfaId": id, "recoveryCode": codes[1]})
	if text := e.expectMail(t, "ma@example.com", "recovery code was used"); !strings.Contains(text, "9 unused codes remain") {
		t.Fatalf("recovery mail does not say how many remain: %s", text)
	}
	f, _ := e.app.FindFirstRecordByFilter(schema.CollectionFactors, "kind = 'totp'")
	if res := e.do(t, http.MethodPost, "/api/folio/factors/"+f.Id+"/remove", testapp.Token(t, user), map[string]any{"password": testapp.TestPassword}); res.Status != 200 {
		t.Fatalf("remove: %d %s", res.Status, res.Raw)
	}
	e.expectMail(t, "ma@example.com", "second factor was removed")
	for _, action := range []string{schema.ActionFactorAdded, schema.ActionSecondStepFailed, schema.ActionRecoveryUsed, schema.ActionFactorRemoved} {
		if n, _ := e.app.CountRecords(schema.CollectionAuditEvents, dbx.HashExp{schema.AuditAction: action, "user": user.Id}); n != 1 {
			t.Errorf("%d %s events, want 1", n, action)
		}
	}
	for _, m := range e.app.TestMailer.Messages() {
		if strings.Contains(m.Text, secret) || strings.Contains(m.HTML, codes[2]) {
			t.Fatal("a mail holds a secret")
		}
	}
}

// Deleting the account removes its factors and pending challenges.
func TestAccountDeleteRemovesFactors(t *testing.T) {
	e := newEnv(t)
	user := testapp.CreateUser(t, e.app, "del@example.com", "Del")
	e.enrolTOTP(t, user)
	e.mfaId(t, "del@example.com") // leaves a pending challenge
	res := e.do(t, http.MethodPost, "/api/folio/account/delete", testapp.Token(t, user), map[string]any{"password": testapp.TestPassword})
	if res.Status != 200 && res.Status != 204 {
		t.Fatalf("delete account: %d %s", res.Status, res.Raw)
	}
	for _, c := range []string{schema.CollectionFactors, schema.CollectionFactorChallenges} {
		if n, _ := e.app.CountRecords(c); n != 0 {
			t.Errorf("%d %s left after the account was deleted", n, c)
		}
	}
}
