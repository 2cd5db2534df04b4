package accounts_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/accounts"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

func TestHalfFinishedMFALeavesNoSession(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	users, err := e.app.FindCollectionByNameOrId(schema.CollectionUsers)
	if err != nil {
		t.Fatal(err)
	}
	users.MFA.Enabled = true
	users.OTP.Enabled = true
	if err := e.app.Save(users); err != nil {
		t.Fatal(err)
	}
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")

	res := e.call(t, "POST", "/api/collections/users/auth-with-password", "",
		map[string]string{"identity": "ann@example.com", "password": testapp.TestPassword})
	mfaId, _ := res.Body["mfaId"].(string)
	if res.Status != 401 || mfaId == "" {
		t.Fatalf("first factor: %d %s, want 401 with mfaId", res.Status, res.Raw)
	}
	if n, _ := e.app.CountRecords(schema.CollectionSessions); n != 0 {
		t.Fatalf("%d sessions after the first factor, want 0", n)
	}

	otp := core.NewOTP(e.app)
	otp.SetCollectionRef(users.Id)
	otp.SetRecordRef(u.Id)
	otp.SetPassword("73194628")
	if err := e.app.Save(otp); err != nil {
		t.Fatal(err)
	}
	res = e.call(t, "POST", "/api/collections/users/auth-with-otp", "",
		map[string]string{"otpId": otp.Id, "password": "73194628", "mfaId": mfaId})
	if res.Status != 200 {
		t.Fatalf("second factor: %d %s", res.Status, res.Raw)
	}
	s := sessionRecord(t, e, sid(t, res.Body["token"].(string)))
	if s.Method() != schema.SessionMethodMFA {
		t.Errorf("method = %q, want mfa", s.Method())
	}
	if n, _ := e.app.CountRecords(schema.CollectionSessions); n != 1 {
		t.Errorf("%d sessions after MFA, want 1", n)
	}
}

// sse is an open realtime connection.
type sse struct {
	clientId string
	lines    chan string // every line received, closed when the stream ends
}

func openRealtime(t *testing.T, e *env) *sse {
	t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/realtime", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	s := &sse{lines: make(chan string, 100)}
	go func() {
		defer close(s.lines)
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
	}()
	for line := range s.lines {
		if strings.HasPrefix(line, "data:") && strings.Contains(line, "clientId") {
			var d struct{ ClientId string }
			_ = json.Unmarshal([]byte(strings.TrimPrefix(line, "data:")), &d)
			s.clientId = d.ClientId
			return s
		}
	}
	t.Fatal("no PB_CONNECT")
	return nil
}

// next waits for a data line (an event) or the end of the stream (ok false).
func (s *sse) next(timeout time.Duration) (line string, ok bool, timedOut bool) {
	deadline := time.After(timeout)
	for {
		select {
		case l, open := <-s.lines:
			if !open {
				return "", false, false
			}
			if strings.HasPrefix(l, "data:") {
				return l, true, false
			}
		case <-deadline:
			return "", true, true
		}
	}
}

func TestRevokingASessionClosesItsRealtimeConnection(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	a := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	b := e.signIn(t, "ann@example.com", testapp.TestPassword, safariIPhone)

	subscribe := func(tok string) *sse {
		s := openRealtime(t, e)
		res := e.call(t, "POST", "/api/realtime", tok, map[string]any{"clientId": s.clientId, "subscriptions": []string{"users/" + u.Id}})
		if res.Status != 204 {
			t.Fatalf("subscribe: %d %s", res.Status, res.Raw)
		}
		return s
	}
	rtA, rtB := subscribe(a), subscribe(b)
	rename := func(name string) {
		if res := e.call(t, "PATCH", "/api/collections/users/records/"+u.Id, a, map[string]string{"name": name}); res.Status != 200 {
			t.Fatalf("rename: %d %s", res.Status, res.Raw)
		}
	}
	// both connections get the user's change while both sessions are live
	rename("Ann One")
	for name, s := range map[string]*sse{"A": rtA, "B": rtB} {
		if l, ok, timedOut := s.next(5 * time.Second); !ok || timedOut || !strings.Contains(l, "Ann One") {
			t.Fatalf("%s before revoke: %q ok=%v timedOut=%v", name, l, ok, timedOut)
		}
	}

	if res := e.call(t, "DELETE", "/api/collections/sessions/records/"+sid(t, b), a, nil); res.Status != 204 {
		t.Fatalf("revoke B: %d %s", res.Status, res.Raw)
	}
	// B's stream ends at once (its session update event may arrive first, nothing after)
	ended := false
	for !ended {
		l, ok, timedOut := rtB.next(5 * time.Second)
		switch {
		case timedOut:
			t.Fatal("B's realtime connection is still open after its session was revoked")
		case !ok:
			ended = true
		case strings.Contains(l, "Ann Two"):
			t.Fatal("B received an event after revocation")
		}
	}
	rename("Ann Two")
	if l, ok, timedOut := rtA.next(5 * time.Second); !ok || timedOut || !strings.Contains(l, "Ann Two") {
		t.Fatalf("A after revoking B: %q ok=%v timedOut=%v", l, ok, timedOut)
	}
	// B reconnecting with its revoked token cannot subscribe again
	again := openRealtime(t, e)
	res := e.call(t, "POST", "/api/realtime", b, map[string]any{"clientId": again.clientId, "subscriptions": []string{"users/" + u.Id}})
	if res.Status != 401 {
		t.Fatalf("resubscribe with the revoked token: %d %s, want 401", res.Status, res.Raw)
	}
}
