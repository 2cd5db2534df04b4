package accounts_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"folio/hooks/accounts"
	"folio/hooks/internal/testapp"
)

// mailsTo lists the subjects of the mails sent to addr so far.
func (e *env) mailsTo(addr string) []string {
	var out []string
	for _, m := range e.app.TestMailer.Messages() {
		for _, to := range m.To {
			if to.Address == addr {
				out = append(out, m.Subject)
			}
		}
	}
	return out
}

// expectMail waits for a mail to addr whose subject contains want, and returns its text.
func (e *env) expectMail(t *testing.T, addr, want string) string {
	t.Helper()
	var text string
	waitFor(t, "mail to "+addr+" about "+want, func() bool {
		for _, m := range e.app.TestMailer.Messages() {
			if m.To[0].Address == addr && strings.Contains(m.Subject, want) {
				text = m.Text
				return true
			}
		}
		return false
	})
	return text
}

func TestNewDeviceMail(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux) // the first sign-in is not news
	e.signIn(t, "ann@example.com", testapp.TestPassword, safariIPhone)
	text := e.expectMail(t, "ann@example.com", "New sign-in to your Folio account")
	if !strings.Contains(text, "Safari 17 on iOS") || !strings.Contains(text, "127.0.0.1") {
		t.Errorf("mail does not name the device: %q", text)
	}
	e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux) // a known device
	time.Sleep(200 * time.Millisecond)
	if got := e.mailsTo("ann@example.com"); len(got) != 1 {
		t.Errorf("mails = %v, want just the one new-device mail", got)
	}
}

func TestPasswordAndEmailChangeMail(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	su := superuserToken(t, e)
	pw := "another-long-passphrase-77"
	if res := e.call(t, "PATCH", "/api/collections/users/records/"+u.Id, su, map[string]string{"password": pw, "passwordConfirm": pw}); res.Status != 200 {
		t.Fatalf("set password: %d %s", res.Status, res.Raw)
	}
	e.expectMail(t, "ann@example.com", "password was changed")
	if res := e.call(t, "PATCH", "/api/collections/users/records/"+u.Id, su, map[string]string{"email": "ann@new.example.com"}); res.Status != 200 {
		t.Fatalf("change email: %d %s", res.Status, res.Raw)
	}
	if text := e.expectMail(t, "ann@example.com", "email address was changed"); !strings.Contains(text, "ann@new.example.com") {
		t.Errorf("email-changed mail does not name the new address: %q", text)
	}
}

func TestAdminRevokeMail(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	tok := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	if res := e.call(t, "DELETE", "/api/collections/sessions/records/"+sid(t, tok), superuserToken(t, e), nil); res.Status != 204 {
		t.Fatalf("admin revoke: %d %s", res.Status, res.Raw)
	}
	e.expectMail(t, "ann@example.com", "administrator signed out")
	if s := sessionRecord(t, e, sid(t, tok)); s.RevokedReason() != "admin" {
		t.Errorf("reason = %q, want admin", s.RevokedReason())
	}
}

func TestFailingOrSlowMailNeverBlocksTheRequest(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	e.app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{Priority: -100, Func: func(me *core.MailerEvent) error {
		time.Sleep(6 * time.Second)
		return errors.New("mail server down")
	}})
	start := time.Now()
	e.signIn(t, "ann@example.com", testapp.TestPassword, safariIPhone) // a new device: mails
	pw := "another-long-passphrase-77"
	tok := e.signIn(t, "ann@example.com", testapp.TestPassword, safariIPhone)
	res := e.call(t, "PATCH", "/api/collections/users/records/"+u.Id, tok, map[string]string{
		"oldPassword": testapp.TestPassword, "password": pw, "passwordConfirm": pw})
	if res.Status != 200 {
		t.Fatalf("password change with a failing mailer: %d %s", res.Status, res.Raw)
	}
	// A blocking mail would add at least one 6 s wait; the bound leaves room for three bcrypt
	// sign-ins on a loaded machine.
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("requests took %v with a 6 s mailer: mail blocked them", d)
	}
}
