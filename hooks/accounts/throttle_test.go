package accounts_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"folio/hooks/accounts"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// attempt signs in with a wrong password and returns the answer with times masked, so that
// answers for different identities can be compared byte for byte.
func attempt(t *testing.T, e *env, identity string) (int, string, string) {
	t.Helper()
	res := e.call(t, "POST", "/api/collections/users/auth-with-password", "",
		map[string]string{"identity": identity, "password": "not-the-password-at-all"})
	masked := regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`).ReplaceAllString(res.Raw, "<time>")
	return res.Status, masked, res.Header.Get("Retry-After")
}

func TestThrottleTreatsKnownAndUnknownIdentitiesAlike(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	testapp.CreateUser(t, e.app, "ann@example.com", "Ann")

	for i := 1; i <= 7; i++ {
		ks, kb, kr := attempt(t, e, "ann@example.com")
		us, ub, ur := attempt(t, e, "nobody@example.com")
		if ks != us || kb != ub || kr != ur {
			t.Fatalf("attempt %d differs:\n known   %d %s (Retry-After %q)\n unknown %d %s (Retry-After %q)", i, ks, kb, kr, us, ub, ur)
		}
		want := 400
		if i > 5 {
			want = 429
		}
		if ks != want {
			t.Fatalf("attempt %d: %d %s, want %d", i, ks, kb, want)
		}
		if i == 6 && kr != "60" {
			t.Errorf("Retry-After = %q, want 60", kr)
		}
	}
	// a locked identity is refused even with the right password, until the lockout ends
	res := e.call(t, "POST", "/api/collections/users/auth-with-password", "",
		map[string]string{"identity": "ANN@example.com", "password": testapp.TestPassword})
	if res.Status != 429 || res.dataCode("identity") != "too_many_attempts" {
		t.Fatalf("right password while locked: %d %s", res.Status, res.Raw)
	}
	e.clock.Advance(61 * time.Second)
	e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)

	// the success reset the count: 4 more failures do not lock
	for i := 0; i < 4; i++ {
		if s, b, _ := attempt(t, e, "ann@example.com"); s != 400 {
			t.Fatalf("after a success, failure %d: %d %s", i+1, s, b)
		}
	}
}

func TestThrottleLockoutsGrow(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	fail5 := func() {
		for i := 0; i < 5; i++ {
			attempt(t, e, "nobody@example.com")
		}
	}
	for _, want := range []string{"60", "120", "240", "480", "960", "1920", "3600", "3600"} {
		fail5()
		s, b, retry := attempt(t, e, "nobody@example.com")
		if s != 429 || retry != want {
			t.Fatalf("lockout: %d Retry-After %q (%s), want 429 after %s s", s, retry, b, want)
		}
		e.clock.Advance(time.Hour)
	}
}

func TestFailedSignInsAreAudited(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	for i := 0; i < 5; i++ {
		attempt(t, e, "ann@example.com")
	}
	n, err := e.app.CountRecords(schema.CollectionAuditEvents, dbx.HashExp{schema.AuditAction: schema.ActionSignInFailed, schema.AuditUser: u.Id})
	if err != nil || n != 5 {
		t.Fatalf("auth.failed events = %d (%v), want 5", n, err)
	}
	n, _ = e.app.CountRecords(schema.CollectionAuditEvents, dbx.HashExp{schema.AuditAction: schema.ActionThrottled, schema.AuditUser: u.Id})
	if n != 1 {
		t.Fatalf("auth.throttled events = %d, want 1", n)
	}
	waitFor(t, "the throttled mail", func() bool {
		for _, m := range e.app.TestMailer.Messages() {
			if m.To[0].Address == "ann@example.com" && regexp.MustCompile(`paused`).MatchString(m.Subject) {
				return true
			}
		}
		return false
	})
}

func TestOTPAttemptsAreThrottled(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	users, _ := e.app.FindCollectionByNameOrId(schema.CollectionUsers)
	users.OTP.Enabled = true
	if err := e.app.Save(users); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"madeupotpid0001", "madeupotpid0002"} {
		for i := 1; i <= 6; i++ {
			res := e.call(t, "POST", "/api/collections/users/auth-with-otp", "", map[string]string{"otpId": id, "password": "00000000"})
			want := 400
			if i == 6 {
				want = 429
			}
			if res.Status != want {
				t.Fatalf("otp %s attempt %d: %d %s, want %d", id, i, res.Status, res.Raw, want)
			}
		}
	}
}
