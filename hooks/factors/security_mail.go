package factors

import (
	"fmt"
	"html"
	"net/mail"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/routine"

	"folio/hooks/schema"
)

// mailFactorAdded tells user a second factor was added to its account.
func mailFactorAdded(app core.App, user *core.Record, what string, now time.Time) {
	sendMail(app, user, "A second factor was added to your %[1]s account",
		"%[2]s was added as a second factor to your %[1]s account at %[3]s.\n\nIf this was not you, sign in, remove it in your account's security settings and change your password.",
		what, stamp(now))
}

// mailFactorRemoved tells user a second factor was removed and its other devices signed out.
func mailFactorRemoved(app core.App, user *core.Record, what string, now time.Time) {
	sendMail(app, user, "A second factor was removed from your %[1]s account",
		"%[2]s was removed from your %[1]s account at %[3]s, and your other devices were signed out.\n\nIf this was not you, reset your password now and contact the site's administrator.",
		what, stamp(now))
}

// mailRecoveryUsed tells user a recovery code signed in and how many are left.
func mailRecoveryUsed(app core.App, user *core.Record, remaining int, ip string, now time.Time) {
	sendMail(app, user, "A recovery code was used to sign in to your %[1]s account",
		"A recovery code was used to sign in to your %[1]s account from %[2]s at %[3]s. %[4]d unused codes remain.\n\nIf this was not you, change your password and make new recovery codes. When few codes remain, make a new set in your account's security settings.",
		ip, stamp(now), remaining)
}

// mailSecondStepFailed tells user that someone passed its password but not its second factor.
func mailSecondStepFailed(app core.App, user *core.Record, ip string, now time.Time) {
	sendMail(app, user, "A sign-in to your %[1]s account failed at the second step",
		"Someone signed in to your %[1]s account with the right password from %[2]s at %[3]s, but did not pass the second step.\n\nIf this was not you, your password is known to someone else: change it now.",
		ip, stamp(now))
}

// sendMail renders a security notice (format verbs: %[1]s is the app name, the rest are args)
// and sends it in the background, so a slow mail server never delays the request.
func sendMail(app core.App, user *core.Record, subject, body string, args ...any) {
	to := user.Email()
	if to == "" {
		return
	}
	meta := app.Settings().Meta
	all := append([]any{meta.AppName}, args...)
	name := schema.AsUser(user).Name()
	if name == "" {
		name = to
	}
	text := "Hello " + name + ",\n\n" + fmt.Sprintf(body, all...)
	var htmlBody strings.Builder
	for _, p := range strings.Split(text, "\n\n") {
		htmlBody.WriteString("<p>" + html.EscapeString(p) + "</p>")
	}
	msg := &mailer.Message{
		From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
		To:      []mail.Address{{Address: to}},
		Subject: fmt.Sprintf(subject, meta.AppName),
		Text:    text,
		HTML:    htmlBody.String(),
	}
	routine.FireAndForget(func() {
		if err := app.NewMailClient().Send(msg); err != nil {
			app.Logger().Warn("security mail not sent", "subject", msg.Subject, "error", err)
		}
	})
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
