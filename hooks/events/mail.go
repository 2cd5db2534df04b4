package events

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"net/mail"
	"net/url"
	"strings"
	texttemplate "text/template"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"folio/hooks/schema"
)

// notificationMail is one mail to one user: an instant one has one item, a digest several.
type notificationMail struct {
	user  *core.Record
	items []*core.Record
}

var reasonText = map[string]string{
	schema.ReasonEdit:                "was edited",
	schema.ReasonComment:             "has a new comment",
	schema.ReasonReply:               "has a reply to your comment",
	schema.ReasonMention:             "mentions you in a comment",
	schema.ReasonTranslationOutdated: "needs its translation updated: the source changed",
}

type mailItem struct{ Title, What, Excerpt string }

type mailData struct {
	App         string
	Items       []mailItem
	Unsubscribe string
}

const notifyText = `{{range .Items}}- "{{.Title}}" {{.What}}{{if .Excerpt}}:
  {{.Excerpt}}{{end}}
{{end}}
You get this mail because you watch these pages on {{.App}} or were mentioned there.
Stop these mails (no sign-in needed): {{.Unsubscribe}}
`

const notifyHTML = `<ul>{{range .Items}}<li>“{{.Title}}” {{.What}}{{if .Excerpt}}<br><q>{{.Excerpt}}</q>{{end}}</li>{{end}}</ul>
<p>You get this mail because you watch these pages on {{.App}} or were mentioned there.
<a href="{{.Unsubscribe}}">Stop these mails</a> (no sign-in needed).</p>
`

var (
	notifyTextTmpl = texttemplate.Must(texttemplate.New("text").Parse(notifyText))
	notifyHTMLTmpl = htmltemplate.Must(htmltemplate.New("html").Parse(notifyHTML))
)

// compose builds m's message, with an unsubscribe link and the List-Unsubscribe headers.
func (m notificationMail) compose(app core.App) (*mailer.Message, error) {
	meta := app.Settings().Meta
	token, err := newUnsubscribeToken(app, m.user)
	if err != nil {
		return nil, err
	}
	link := strings.TrimRight(meta.AppURL, "/") + "/api/folio/notifications/unsubscribe?token=" + url.QueryEscape(token)
	data := mailData{App: meta.AppName, Unsubscribe: link}
	for _, n := range m.items {
		data.Items = append(data.Items, mailItem{
			Title: n.GetString(schema.NotificationTitle), What: reasonText[n.GetString(schema.NotificationReason)],
			Excerpt: n.GetString(schema.NotificationExcerpt)})
	}
	var text, html bytes.Buffer
	if err := notifyTextTmpl.Execute(&text, data); err != nil {
		return nil, err
	}
	if err := notifyHTMLTmpl.Execute(&html, data); err != nil {
		return nil, err
	}
	subject := fmt.Sprintf("%q %s", data.Items[0].Title, data.Items[0].What)
	if len(m.items) > 1 {
		subject = fmt.Sprintf("%d updates on %s", len(m.items), meta.AppName)
	}
	return &mailer.Message{
		From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
		To:      []mail.Address{{Address: m.user.Email()}},
		Subject: strings.Join(strings.Fields(subject), " "),
		HTML:    html.String(),
		Text:    text.String(),
		Headers: map[string]string{"List-Unsubscribe": "<" + link + ">", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
	}, nil
}

// sendMails sends notification mails; a failure is logged, the notification stays in the app.
func sendMails(app core.App, mails []notificationMail) {
	for _, m := range mails {
		msg, err := m.compose(app)
		if err == nil {
			err = app.NewMailClient().Send(msg)
		}
		if err != nil {
			app.Logger().Error("Failed to send a notification mail", "error", err, "user", m.user.Id)
		}
	}
}

// mailWebhookDisabled tells the owners of hook's space that it was disabled, and why.
func mailWebhookDisabled(app core.App, hook *core.Record) {
	hook, err := app.FindRecordById(schema.CollectionWebhooks, hook.Id)
	if err != nil {
		return
	}
	var owners []*core.Record
	err = app.RecordQuery(schema.CollectionMemberships).AndWhere(dbx.HashExp{
		schema.MembershipSpace: hook.GetString(schema.WebhookSpace), schema.MembershipRole: schema.RoleOwner}).All(&owners)
	if err != nil {
		app.Logger().Error("Failed to find the owners of a disabled webhook's space", "error", err, "webhook", hook.Id)
		return
	}
	meta := app.Settings().Meta
	for _, o := range owners {
		u, err := app.FindRecordById(schema.CollectionUsers, o.GetString(schema.MembershipUser))
		if err != nil || u.Email() == "" {
			continue
		}
		msg := &mailer.Message{
			From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
			To:      []mail.Address{{Address: u.Email()}},
			Subject: "A webhook was disabled on " + meta.AppName,
			Text: fmt.Sprintf("The webhook to %s (%s) kept failing and was disabled.\n\n%s\n\n"+
				"Its pending deliveries are kept: turn the webhook back on (active) once the receiver works, and they go out in order.\n",
				hook.GetString(schema.WebhookURL), hook.GetString(schema.WebhookDescription), hook.GetString(schema.WebhookDisabledReason)),
		}
		if err := app.NewMailClient().Send(msg); err != nil {
			app.Logger().Error("Failed to mail a disabled webhook's owner", "error", err, "webhook", hook.Id)
		}
	}
}
