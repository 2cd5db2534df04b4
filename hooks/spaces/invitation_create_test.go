package spaces_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/security"

	"folio/hooks/schema"
	"folio/hooks/spaces"
)

const invitationsURL = "/api/collections/invitations/records"

func TestInvitationCreate(t *testing.T) {
	tm := newTeam(t)
	settings := tm.app.Settings()
	settings.Meta.AppURL = "https://kb.folio.test/"
	settings.Meta.SenderName = "Folio KB"
	settings.Meta.SenderAddress = "kb@folio.test"
	tm.space.Set(schema.SpaceName, `R&D <Notes>`)
	if err := tm.app.Save(tm.space); err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	scenario(t, tm.app, tests.ApiScenario{
		Method:  http.MethodPost,
		URL:     invitationsURL,
		Headers: authAs(t, tm.admin),
		Body: body(t, map[string]any{"space": tm.space.Id, "email": "  New.Person@Example.COM ", "role": "editor",
			// the server owns these: whatever the client sends is replaced
			"status": "accepted", "inviter": tm.owner.Id, "expires": "2099-01-01 00:00:00.000Z"}),
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"email":"new.person@example.com"`, `"status":"pending"`, `"inviter":"` + tm.admin.Id + `"`},
		NotExpectedContent: []string{"token", "2099"},
		ExpectedEvents:     map[string]int{"OnMailerSend": 1},
	})

	inv, err := tm.app.FindFirstRecordByData(schema.CollectionInvitations, schema.InvitationEmail, "new.person@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if exp := inv.GetDateTime(schema.InvitationExpires).Time(); exp.Sub(before.Add(spaces.InvitationLifetime)).Abs() > time.Minute {
		t.Fatalf("expires %v, want about now + 7 days", exp)
	}

	msg := tm.app.TestMailer.LastMessage()
	if msg.From.Name != "Folio KB" || msg.From.Address != "kb@folio.test" {
		t.Fatalf("from %v", msg.From)
	}
	if len(msg.To) != 1 || msg.To[0].Address != "new.person@example.com" {
		t.Fatalf("to %v", msg.To)
	}
	if msg.Subject != "You are invited to R&D <Notes> on Folio" {
		t.Fatalf("subject %q", msg.Subject)
	}
	token := tokenFromLink(t, msg.Text, "https://kb.folio.test/invite?token=")
	if len(token) != 43 {
		t.Fatalf("token %q: want 43 characters (256 bits)", token)
	}
	for _, want := range []string{"Admin invited you", `"R&D <Notes>"`, "on Folio", "as an editor", "https://kb.folio.test/invite?token=" + token} {
		if !strings.Contains(msg.Text, want) {
			t.Errorf("text mail lacks %q:\n%s", want, msg.Text)
		}
	}
	for _, want := range []string{"Admin invited you", "<strong>R&amp;D &lt;Notes&gt;</strong>", "on Folio", "as an editor",
		`<a href="https://kb.folio.test/invite?token=` + token + `">`} {
		if !strings.Contains(msg.HTML, want) {
			t.Errorf("HTML mail lacks %q:\n%s", want, msg.HTML)
		}
	}
	// Only the hash is stored, and it is the hash of the mailed token.
	if got := inv.GetString(schema.InvitationTokenHash); got != security.SHA256(token) {
		t.Fatalf("stored token_hash %q is not the SHA-256 of the mailed token", got)
	}
	raw, _ := json.Marshal(inv.FieldsData())
	if strings.Contains(string(raw), token) {
		t.Fatal("the plain token is stored in the record")
	}
}

func tokenFromLink(t *testing.T, text, prefix string) string {
	t.Helper()
	i := strings.Index(text, prefix)
	if i < 0 {
		t.Fatalf("no link %q in mail:\n%s", prefix, text)
	}
	rest := text[i+len(prefix):]
	if j := strings.IndexAny(rest, "\n \""); j >= 0 {
		rest = rest[:j]
	}
	token, err := url.QueryUnescape(rest)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestInvitationCreateRefusals(t *testing.T) {
	for _, c := range []struct {
		name    string
		who     func(*team) *core.Record
		data    map[string]any
		status  int
		content []string
	}{
		{"bad email", func(tm *team) *core.Record { return tm.owner }, map[string]any{"email": "not-an-email", "role": "viewer"}, 400,
			[]string{`"message":"Enter a valid email address to invite."`, `"email":{"code":"validation_is_email"`}},
		{"missing email", func(tm *team) *core.Record { return tm.owner }, map[string]any{"email": "  ", "role": "viewer"}, 400,
			[]string{`"email":{"code":"validation_required"`}},
		{"unknown role", func(tm *team) *core.Record { return tm.owner }, map[string]any{"email": "x@folio.test", "role": "boss"}, 400,
			[]string{`"role":{"code":"validation_invalid_value"`}},
		{"already a member (any letter case)", func(tm *team) *core.Record { return tm.admin }, map[string]any{"email": "Editor@Folio.test", "role": "viewer"}, 400,
			[]string{`"email":{"code":"validation_already_member","message":"This person is already a member of this space."`}},
		{"pending duplicate", func(tm *team) *core.Record { return tm.admin }, map[string]any{"email": "pending@folio.test", "role": "viewer"}, 400,
			[]string{`"email":{"code":"validation_already_invited","message":"This address already has a pending invitation to this space: resend it instead of inviting again."`}},
		{"admin invites as owner", func(tm *team) *core.Record { return tm.admin }, map[string]any{"email": "x@folio.test", "role": "owner"}, 403,
			[]string{`"message":"Only an owner can invite someone as owner."`}},
		{"editor invites (rule miss)", func(tm *team) *core.Record { return tm.editor }, map[string]any{"email": "x@folio.test", "role": "viewer"}, 400,
			[]string{`"message":"Failed to create record."`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tm := newTeam(t)
			newInvitation(t, tm.app, tm.space, "pending@folio.test", schema.RoleViewer, "pending-token", time.Hour)
			data := map[string]any{"space": tm.space.Id}
			for k, v := range c.data {
				data[k] = v
			}
			scenario(t, tm.app, tests.ApiScenario{
				Method: http.MethodPost, URL: invitationsURL, Headers: authAs(t, c.who(tm)), Body: body(t, data),
				ExpectedStatus: c.status, ExpectedContent: c.content,
				ExpectedEvents: map[string]int{"OnMailerSend": 0},
			})
			if n := count(t, tm.app, schema.CollectionInvitations, "", nil); n != 1 {
				t.Fatalf("%d invitations stored, want only the fixture", n)
			}
		})
	}
}

func TestInvitationCreateByOwnerAsOwner(t *testing.T) {
	tm := newTeam(t)
	scenario(t, tm.app, tests.ApiScenario{
		Method: http.MethodPost, URL: invitationsURL, Headers: authAs(t, tm.owner),
		Body:            body(t, map[string]any{"space": tm.space.Id, "email": "heir@folio.test", "role": "owner"}),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"role":"owner"`},
	})
	if !strings.Contains(tm.app.TestMailer.LastMessage().Text, "as an owner") {
		t.Fatal("the mail does not name the owner role")
	}
}

// A new invitation is allowed once the earlier one to the same address was answered or revoked.
func TestInvitationAgainAfterDecline(t *testing.T) {
	tm := newTeam(t)
	old := newInvitation(t, tm.app, tm.space, "again@folio.test", schema.RoleViewer, "old", time.Hour)
	old.Set(schema.InvitationStatus, schema.InvitationDeclined)
	if err := tm.app.Save(old); err != nil {
		t.Fatal(err)
	}
	scenario(t, tm.app, tests.ApiScenario{
		Method: http.MethodPost, URL: invitationsURL, Headers: authAs(t, tm.owner),
		Body:            body(t, map[string]any{"space": tm.space.Id, "email": "again@folio.test", "role": "viewer"}),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"status":"pending"`},
	})
}

// The database keeps one pending invitation per space and address even without the hook.
func TestOnePendingInvitationIndex(t *testing.T) {
	tm := newTeam(t)
	newInvitation(t, tm.app, tm.space, "twice@folio.test", schema.RoleViewer, "a", time.Hour)
	c, _ := tm.app.FindCollectionByNameOrId(schema.CollectionInvitations)
	dup := core.NewRecord(c)
	dup.Load(map[string]any{schema.InvitationSpace: tm.space.Id, schema.InvitationEmail: "twice@folio.test",
		schema.InvitationRole: schema.RoleViewer, schema.InvitationStatus: schema.InvitationPending})
	if err := tm.app.Save(dup); err == nil {
		t.Fatal("a second pending invitation to the same address was stored")
	}
}

// A failing mail server does not fail the invitation: it is saved, the failure is logged, and
// resending it later sends a new link.
func TestInvitationCreateWhenMailFails(t *testing.T) {
	tm := newTeam(t)
	tm.app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		return errors.New("smtp: connection refused")
	})
	scenario(t, tm.app, tests.ApiScenario{
		Method: http.MethodPost, URL: invitationsURL, Headers: authAs(t, tm.owner),
		Body:               body(t, map[string]any{"space": tm.space.Id, "email": "x@folio.test", "role": "viewer"}),
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"status":"pending"`},
		NotExpectedContent: []string{"smtp", "token"},
		ExpectedEvents:     map[string]int{"OnMailerSend": 1},
	})
	if tm.app.TestMailer.TotalSend() != 0 {
		t.Fatal("the failing mail was counted as sent")
	}
	if n := count(t, tm.app, schema.CollectionInvitations, "email = 'x@folio.test'", nil); n != 1 {
		t.Fatalf("%d invitations saved, want 1", n)
	}
}
