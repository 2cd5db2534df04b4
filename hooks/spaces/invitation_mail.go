package spaces

import (
	"bytes"
	htmltemplate "html/template"
	"net/mail"
	"net/url"
	"strings"
	texttemplate "text/template"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"folio/hooks/schema"
)

// invitationMail is what the invitation templates show.
type invitationMail struct {
	App     string // Settings().Meta.AppName
	Space   string
	Inviter string
	Role    string // with its article: "an editor"
	Link    string // {AppURL}/invite?token=…; the reference client's /invite page answers it
	Expires string
}

const invitationText = `{{.Inviter}} invited you to the space "{{.Space}}" on {{.App}}, as {{.Role}}.

Open this link to accept or decline:
{{.Link}}

The link works once and until {{.Expires}}. Accepting needs an account on {{.App}} with this email
address, verified. If you did not expect this invitation, you can ignore this mail.
`

const invitationHTML = `<p>{{.Inviter}} invited you to the space <strong>{{.Space}}</strong> on {{.App}}, as {{.Role}}.</p>
<p><a href="{{.Link}}">Accept or decline the invitation</a></p>
<p>The link works once and until {{.Expires}}. Accepting needs an account on {{.App}} with this
email address, verified. If you did not expect this invitation, you can ignore this mail.</p>
`

var (
	invitationTextTmpl = texttemplate.Must(texttemplate.New("text").Parse(invitationText))
	invitationHTMLTmpl = htmltemplate.Must(htmltemplate.New("html").Parse(invitationHTML))
)

var roleWithArticle = map[string]string{
	schema.RoleOwner: "an owner", schema.RoleAdmin: "an admin",
	schema.RoleEditor: "an editor", schema.RoleViewer: "a viewer",
}

// composeInvitationMail builds the mail that carries token to the invitee. Call it inside the
// transaction that saved the invitation; the message is sent after it commits.
func composeInvitationMail(app core.App, inv *core.Record, token string) (*mailer.Message, error) {
	i := schema.AsInvitation(inv)
	space, err := app.FindRecordById(schema.CollectionSpaces, i.Space())
	if err != nil {
		return nil, err
	}
	meta := app.Settings().Meta
	data := invitationMail{
		App:     meta.AppName,
		Space:   schema.AsSpace(space).Name(),
		Inviter: inviterName(app, inv),
		Role:    roleWithArticle[i.Role()],
		Link:    strings.TrimRight(meta.AppURL, "/") + "/invite?token=" + url.QueryEscape(token),
		Expires: i.Expires().Time().UTC().Format("2 January 2006, 15:04 UTC"),
	}
	var text, html bytes.Buffer
	if err := invitationTextTmpl.Execute(&text, data); err != nil {
		return nil, err
	}
	if err := invitationHTMLTmpl.Execute(&html, data); err != nil {
		return nil, err
	}
	return &mailer.Message{
		From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
		To:      []mail.Address{{Address: i.Email()}},
		Subject: oneLine("You are invited to " + data.Space + " on " + data.App),
		HTML:    html.String(),
		Text:    text.String(),
	}, nil
}

// inviterName names who invited: the inviter's display name, else a neutral phrase (an
// inviter's email address is not shared with someone outside the space).
func inviterName(app core.App, inv *core.Record) string {
	id := inv.GetString(schema.InvitationInviter)
	if id == "" {
		return "An administrator"
	}
	if u, err := app.FindRecordById(schema.CollectionUsers, id); err == nil && schema.AsUser(u).Name() != "" {
		return schema.AsUser(u).Name()
	}
	return "A member of the space"
}

// oneLine keeps a subject made from user input on one header line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// sendInvitationMail sends msg once app's transaction has committed. A failure is logged and
// does not fail the request: the invitation is saved, and resending it sends a new link.
func sendInvitationMail(app core.App, invitationId string, msg *mailer.Message) {
	if msg == nil {
		return
	}
	afterCommit(app, func() {
		if err := app.NewMailClient().Send(msg); err != nil {
			app.Logger().Error("Failed to send an invitation mail", "error", err, "invitation", invitationId)
		}
	})
}
