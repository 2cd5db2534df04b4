package accounts

import (
	"bytes"
	htmltemplate "html/template"
	"net/mail"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/routine"

	"folio/hooks/schema"
)

// securityMail is one kind of security notice: a subject and a body, both templates over
// mailData. The body is plain text; the HTML part is the same text, escaped, in <p>s.
type securityMail struct {
	Subject string
	Body    string
}

// mailData is what the templates may use.
type mailData struct {
	App    string // the app name from the settings (Folio unless renamed)
	AppURL string
	Name   string // the user's name, or its email
	When   string // UTC time of the event
	Client string
	OS     string
	IP     string
	Email  string // new address (email changed)
	Count  int    // revoked sessions (admin revoke)
	Until  string // end of a lockout
}

var (
	mailNewDeviceTpl = securityMail{
		Subject: "New sign-in to your {{.App}} account",
		Body: "Hello {{.Name}},\n\nYour {{.App}} account was just signed in to from a device it had not been used on before: " +
			"{{.Client}} on {{.OS}}, from {{.IP}}, at {{.When}}.\n\nIf this was you, there is nothing to do. If it was not, " +
			"open {{.App}} ({{.AppURL}}), sign that device out in your devices list and change your password.",
	}
	mailPasswordChangedTpl = securityMail{
		Subject: "Your {{.App}} password was changed",
		Body: "Hello {{.Name}},\n\nThe password of your {{.App}} account was changed at {{.When}}, and every device was signed out.\n\n" +
			"If you did not do this, reset your password now from the {{.App}} sign-in page ({{.AppURL}}) and contact the site's administrator.",
	}
	mailEmailChangedTpl = securityMail{
		Subject: "Your {{.App}} email address was changed",
		Body: "Hello {{.Name}},\n\nThe email address of your {{.App}} account was changed to {{.Email}} at {{.When}}, and every device was signed out. " +
			"This is the last mail sent to this address about that account.\n\nIf you did not do this, contact the site's administrator ({{.AppURL}}).",
	}
	mailThrottledTpl = securityMail{
		Subject: "Sign-ins to your {{.App}} account are paused",
		Body: "Hello {{.Name}},\n\nThere were several failed attempts to sign in to your {{.App}} account, so {{.App}} refuses sign-ins to it until {{.Until}}.\n\n" +
			"If these attempts were not yours, someone may be guessing your password: once the pause is over, consider changing it ({{.AppURL}}).",
	}
	mailAdminRevokedTpl = securityMail{
		Subject: "An administrator signed out your {{.App}} devices",
		Body: "Hello {{.Name}},\n\nAn administrator of {{.App}} signed out {{.Count}} of your devices at {{.When}}. " +
			"Sign in again to continue ({{.AppURL}}).",
	}
)

// mailNewDevice tells user about a sign-in from a device it had not used before.
func mailNewDevice(app core.App, user *core.Record, dev device, ip string, now time.Time) {
	sendSecurityMail(app, user.Email(), mailNewDeviceTpl, mailData{Name: displayName(user), When: stamp(now), Client: dev.Client, OS: dev.OS, IP: ip})
}

// mailPasswordChanged tells user its password changed (by itself, a reset or an admin).
func mailPasswordChanged(app core.App, user *core.Record, now time.Time) {
	sendSecurityMail(app, user.Email(), mailPasswordChangedTpl, mailData{Name: displayName(user), When: stamp(now)})
}

// mailEmailChanged tells the old address that the account moved to a new one.
func mailEmailChanged(app core.App, user *core.Record, oldEmail string, now time.Time) {
	sendSecurityMail(app, oldEmail, mailEmailChangedTpl, mailData{Name: displayName(user), When: stamp(now), Email: user.Email()})
}

// mailThrottled tells user that sign-ins to its account are refused until until.
func mailThrottled(app core.App, user *core.Record, until time.Time) {
	sendSecurityMail(app, user.Email(), mailThrottledTpl, mailData{Name: displayName(user), Until: stamp(until)})
}

// mailAdminRevoked tells the user with id userId that a superuser ended count of its sessions.
func mailAdminRevoked(app core.App, userId string, count int, now time.Time) {
	user, err := app.FindRecordById(schema.CollectionUsers, userId)
	if err != nil {
		app.Logger().Warn("admin revoke mail: user not found", "user", userId, "error", err)
		return
	}
	sendSecurityMail(app, user.Email(), mailAdminRevokedTpl, mailData{Name: displayName(user), When: stamp(now), Count: count})
}

// sendSecurityMail renders tpl and sends it in the background with PocketBase's mailer: a
// slow or failing mail server never delays or fails the request that caused the mail.
func sendSecurityMail(app core.App, to string, tpl securityMail, data mailData) {
	if to == "" {
		return
	}
	meta := app.Settings().Meta
	data.App, data.AppURL = meta.AppName, meta.AppURL
	msg, err := renderMail(tpl, data)
	if err != nil {
		app.Logger().Error("security mail: template failed", "subject", tpl.Subject, "error", err)
		return
	}
	msg.From = mail.Address{Name: meta.SenderName, Address: meta.SenderAddress}
	msg.To = []mail.Address{{Address: to}}
	routine.FireAndForget(func() {
		if err := app.NewMailClient().Send(msg); err != nil {
			app.Logger().Warn("security mail not sent", "subject", msg.Subject, "error", err)
		}
	})
}

func renderMail(tpl securityMail, data mailData) (*mailer.Message, error) {
	var subject, text, html bytes.Buffer
	if err := texttemplate.Must(texttemplate.New("s").Parse(tpl.Subject)).Execute(&subject, data); err != nil {
		return nil, err
	}
	if err := texttemplate.Must(texttemplate.New("t").Parse(tpl.Body)).Execute(&text, data); err != nil {
		return nil, err
	}
	htmlTpl := `{{range .}}<p>{{.}}</p>{{end}}`
	if err := htmltemplate.Must(htmltemplate.New("h").Parse(htmlTpl)).Execute(&html, strings.Split(text.String(), "\n\n")); err != nil {
		return nil, err
	}
	return &mailer.Message{Subject: subject.String(), Text: text.String(), HTML: html.String()}, nil
}

func displayName(user *core.Record) string {
	if n := schema.AsUser(user).Name(); n != "" {
		return n
	}
	return user.Email()
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
