package spaces_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/security"

	"folio/hooks/schema"
	"folio/hooks/spaces"
)

func manageURL(inv *core.Record, action string) string {
	return "/api/folio/invitations/" + inv.Id + "/" + action
}

func TestInvitationRevokeAndResendAccess(t *testing.T) {
	for _, action := range []string{"revoke", "resend"} {
		for _, c := range []struct {
			role    string
			who     func(*team, *core.Record) *core.Record
			status  int
			content string
		}{
			{"guest", func(*team, *core.Record) *core.Record { return nil }, 401, `"status":401`},
			{"stranger", func(tm *team, _ *core.Record) *core.Record { return tm.outside }, 404, `"status":404`},
			{"viewer", func(tm *team, _ *core.Record) *core.Record { return tm.viewer }, 404, `"status":404`},
			{"editor", func(tm *team, _ *core.Record) *core.Record { return tm.editor }, 404, `"status":404`},
			{"the invitee", func(_ *team, u *core.Record) *core.Record { return u }, 403,
				`"message":"Only the space's owners and admins can ` + action + ` invitations."`},
			{"admin", func(tm *team, _ *core.Record) *core.Record { return tm.admin }, 200, `"status":"`},
			{"owner", func(tm *team, _ *core.Record) *core.Record { return tm.owner }, 200, `"status":"`},
		} {
			t.Run(action+" by "+c.role, func(t *testing.T) {
				tm := newTeam(t)
				u, inv := invitee(t, tm)
				scenario(t, tm.app, tests.ApiScenario{
					Method: http.MethodPost, URL: manageURL(inv, action), Headers: authAs(t, c.who(tm, u)),
					ExpectedStatus: c.status, ExpectedContent: []string{c.content}, NotExpectedContent: []string{"token_hash"},
				})
			})
		}
	}
}

func TestInvitationRevoke(t *testing.T) {
	tm := newTeam(t)
	u, inv := invitee(t, tm)
	srv := newServer(t, tm.app)
	status, res := srv.do(http.MethodPost, manageURL(inv, "revoke"), tm.admin, nil)
	if status != 200 || res["status"] != schema.InvitationRevoked {
		t.Fatalf("revoke: %d %v", status, res)
	}
	status, res = srv.do(http.MethodPost, acceptURL, u, map[string]any{"token": goodToken})
	if status != 400 || res["message"] != "This invitation was revoked." {
		t.Fatalf("accepting a revoked invitation: %d %v", status, res)
	}
	status, res = srv.do(http.MethodPost, manageURL(inv, "revoke"), tm.admin, nil)
	if status != 400 || res["message"] != "This invitation was revoked." {
		t.Fatalf("revoking twice: %d %v", status, res)
	}
	status, res = srv.do(http.MethodPost, manageURL(inv, "resend"), tm.admin, nil)
	if status != 400 || res["message"] != "This invitation was revoked. It cannot be resent: send a new invitation instead." {
		t.Fatalf("resending a revoked invitation: %d %v", status, res)
	}
	status, _ = srv.do(http.MethodPost, "/api/folio/invitations/nosuchid/revoke", tm.admin, nil)
	if status != 404 {
		t.Fatalf("revoking an unknown id: %d", status)
	}
}

func TestInvitationResend(t *testing.T) {
	tm := newTeam(t)
	u, inv := invitee(t, tm)
	// An expired invitation can be resent: that is how a new link is had.
	inv.Set(schema.InvitationExpires, time.Now().Add(-time.Hour))
	if err := tm.app.Save(inv); err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, tm.app)
	status, res := srv.do(http.MethodPost, manageURL(inv, "resend"), tm.admin, nil)
	if status != 200 || res["status"] != schema.InvitationPending || res["token_hash"] != nil {
		t.Fatalf("resend: %d %v", status, res)
	}
	if tm.app.TestMailer.TotalSend() != 1 {
		t.Fatalf("%d mails sent, want 1", tm.app.TestMailer.TotalSend())
	}
	token := tokenFromLink(t, tm.app.TestMailer.LastMessage().Text, "/invite?token=")
	stored, err := tm.app.FindRecordById(schema.CollectionInvitations, inv.Id)
	if err != nil {
		t.Fatal(err)
	}
	if stored.GetString(schema.InvitationTokenHash) != security.SHA256(token) || token == goodToken {
		t.Fatal("resend did not store the hash of a new token")
	}
	if exp := stored.GetDateTime(schema.InvitationExpires).Time(); time.Until(exp) < spaces.InvitationLifetime-time.Minute {
		t.Fatalf("resend did not renew the expiry: %v", exp)
	}
	status, res = srv.do(http.MethodPost, acceptURL, u, map[string]any{"token": goodToken})
	if status != 400 || !strings.HasPrefix(res["message"].(string), "This invitation link is not valid") {
		t.Fatalf("the old token after resend: %d %v", status, res)
	}
	status, res = srv.do(http.MethodPost, acceptURL, u, map[string]any{"token": token})
	if status != 200 || res["role"] != schema.RoleEditor {
		t.Fatalf("the new token: %d %v", status, res)
	}
	status, res = srv.do(http.MethodPost, manageURL(inv, "resend"), tm.admin, nil)
	if status != 400 || res["message"] != "This invitation was already accepted. It cannot be resent: send a new invitation instead." {
		t.Fatalf("resending an accepted invitation: %d %v", status, res)
	}
}

func TestInvitationResendAsOwnerNeedsAnOwner(t *testing.T) {
	tm := newTeam(t)
	inv := newInvitation(t, tm.app, tm.space, "heir@folio.test", schema.RoleOwner, "heir", time.Hour)
	srv := newServer(t, tm.app)
	status, res := srv.do(http.MethodPost, manageURL(inv, "resend"), tm.admin, nil)
	if status != 403 || res["message"] != "Only an owner can resend an invitation to become owner." {
		t.Fatalf("admin resends an owner invitation: %d %v", status, res)
	}
	if status, res = srv.do(http.MethodPost, manageURL(inv, "resend"), tm.owner, nil); status != 200 {
		t.Fatalf("owner resends an owner invitation: %d %v", status, res)
	}
}

// The whole path as a client walks it: invite, read the link from the mail, accept.
func TestInvitationFlow(t *testing.T) {
	tm := newTeam(t)
	srv := newServer(t, tm.app)
	status, res := srv.do(http.MethodPost, invitationsURL, tm.owner,
		map[string]any{"space": tm.space.Id, "email": "outside@folio.test", "role": "viewer"})
	if status != 200 {
		t.Fatalf("invite: %d %v", status, res)
	}
	token := tokenFromLink(t, tm.app.TestMailer.LastMessage().Text, "/invite?token=")
	// The invitee sees its invitation in the records API before answering.
	status, res = srv.do(http.MethodGet, invitationsURL, tm.outside, nil)
	if status != 200 || res["totalItems"] != float64(1) {
		t.Fatalf("the invitee lists its invitations: %d %v", status, res)
	}
	status, res = srv.do(http.MethodPost, acceptURL, tm.outside, map[string]any{"token": token})
	if status != 200 || res["role"] != schema.RoleViewer {
		t.Fatalf("accept: %d %v", status, res)
	}
	status, res = srv.do(http.MethodGet, "/api/collections/spaces/records/"+tm.space.Id, tm.outside, nil)
	if status != 200 {
		t.Fatalf("the new member views the private space: %d %v", status, res)
	}
}
