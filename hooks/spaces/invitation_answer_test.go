package spaces_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

const (
	acceptURL  = "/api/folio/invitations/accept"
	declineURL = "/api/folio/invitations/decline"
	goodToken  = "good-token-0123456789"
)

// invitee is a verified user invited to tm's space as an editor with goodToken.
func invitee(t *testing.T, tm *team) (*core.Record, *core.Record) {
	t.Helper()
	u := testapp.CreateUser(t, tm.app, "invitee@folio.test", "Invitee")
	return u, newInvitation(t, tm.app, tm.space, "invitee@folio.test", schema.RoleEditor, goodToken, time.Hour)
}

func setStatus(t *testing.T, app core.App, inv *core.Record, status string) {
	t.Helper()
	inv.Set(schema.InvitationStatus, status)
	if err := app.Save(inv); err != nil {
		t.Fatal(err)
	}
}

func TestInvitationAccept(t *testing.T) {
	tm := newTeam(t)
	u, inv := invitee(t, tm)
	// The user signed up with another letter case; emails are stored lowercase.
	scenario(t, tm.app, tests.ApiScenario{
		Method: http.MethodPost, URL: acceptURL, Headers: authAs(t, u), Body: body(t, map[string]any{"token": goodToken}),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"collectionName":"memberships"`, `"role":"editor"`, `"user":"` + u.Id + `"`, `"space":"` + tm.space.Id + `"`},
	})
	got, err := tm.app.FindRecordById(schema.CollectionInvitations, inv.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got.GetString(schema.InvitationStatus) != schema.InvitationAccepted || got.GetDateTime(schema.InvitationRespondedAt).IsZero() {
		t.Fatalf("invitation after accept: status %q, responded_at %v", got.GetString(schema.InvitationStatus), got.Get(schema.InvitationRespondedAt))
	}
}

func TestInvitationAcceptRefusals(t *testing.T) {
	for _, c := range []struct {
		name    string
		setup   func(t *testing.T, tm *team, u, inv *core.Record) *core.Record // returns who calls
		token   string
		status  int
		content string
	}{
		{name: "guest", setup: func(t *testing.T, tm *team, u, inv *core.Record) *core.Record { return nil },
			status: 401, content: `"message":"The request requires valid record authorization token."`},
		{name: "missing token", token: " ", status: 400, content: `"token":{"code":"validation_required","message":"Send the token from the invitation link."`},
		{name: "unknown token", token: "x" + goodToken, status: 400,
			content: `"message":"This invitation link is not valid: check that you copied all of it, or ask for a new invitation."`},
		{name: "expired", status: 400, content: `"message":"This invitation has expired: ask for a new one."`,
			setup: func(t *testing.T, tm *team, u, inv *core.Record) *core.Record {
				inv.Set(schema.InvitationExpires, time.Now().Add(-time.Second))
				if err := tm.app.Save(inv); err != nil {
					t.Fatal(err)
				}
				return u
			}},
		{name: "already accepted", status: 400, content: `"message":"This invitation was already accepted."`,
			setup: func(t *testing.T, tm *team, u, inv *core.Record) *core.Record {
				setStatus(t, tm.app, inv, schema.InvitationAccepted)
				return u
			}},
		{name: "declined", status: 400, content: `"message":"This invitation was declined."`,
			setup: func(t *testing.T, tm *team, u, inv *core.Record) *core.Record {
				setStatus(t, tm.app, inv, schema.InvitationDeclined)
				return u
			}},
		{name: "revoked", status: 400, content: `"message":"This invitation was revoked."`,
			setup: func(t *testing.T, tm *team, u, inv *core.Record) *core.Record {
				setStatus(t, tm.app, inv, schema.InvitationRevoked)
				return u
			}},
		{name: "another user's token", status: 403,
			content: `"message":"This invitation was sent to another email address: sign in with that address to accept it."`,
			setup:   func(t *testing.T, tm *team, u, inv *core.Record) *core.Record { return tm.outside }},
		{name: "unverified email", status: 403, content: `"message":"Verify your email address first, then accept the invitation."`,
			setup: func(t *testing.T, tm *team, u, inv *core.Record) *core.Record {
				u.SetVerified(false)
				if err := tm.app.Save(u); err != nil {
					t.Fatal(err)
				}
				return u
			}},
		{name: "already a member", status: 400, content: `"message":"You are already a member of this space."`,
			setup: func(t *testing.T, tm *team, u, inv *core.Record) *core.Record {
				addMembership(t, tm.app, tm.space, u, schema.RoleViewer)
				return u
			}},
		{name: "a superuser cannot accept for anyone", status: 403,
			content: `"message":"The authorized record is not allowed to perform this action."`,
			setup:   func(t *testing.T, tm *team, u, inv *core.Record) *core.Record { return newSuperuser(t, tm.app) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			tm := newTeam(t)
			u, inv := invitee(t, tm)
			who := u
			if c.setup != nil {
				who = c.setup(t, tm, u, inv)
			}
			token := goodToken
			if c.token != "" {
				token = c.token
			}
			before := count(t, tm.app, schema.CollectionMemberships, "", nil)
			status := inv.GetString(schema.InvitationStatus)
			if stored, err := tm.app.FindRecordById(schema.CollectionInvitations, inv.Id); err == nil {
				status = stored.GetString(schema.InvitationStatus)
			}
			scenario(t, tm.app, tests.ApiScenario{
				Method: http.MethodPost, URL: acceptURL, Headers: authAs(t, who), Body: body(t, map[string]any{"token": token}),
				ExpectedStatus: c.status, ExpectedContent: []string{c.content},
			})
			if after := count(t, tm.app, schema.CollectionMemberships, "", nil); after != before {
				t.Fatalf("a refused accept changed memberships: %d → %d", before, after)
			}
			stored, err := tm.app.FindRecordById(schema.CollectionInvitations, inv.Id)
			if err != nil || stored.GetString(schema.InvitationStatus) != status {
				t.Fatalf("a refused accept changed the invitation's status from %q", status)
			}
		})
	}
}

// Accepting twice at once creates one membership: the second request sees the first's answer.
func TestInvitationAcceptOnce(t *testing.T) {
	tm := newTeam(t)
	u, _ := invitee(t, tm)
	srv := newServer(t, tm.app)
	statuses := make(chan int, 2)
	for range 2 {
		go func() {
			status, _ := srv.do(http.MethodPost, acceptURL, u, map[string]any{"token": goodToken})
			statuses <- status
		}()
	}
	a, b := <-statuses, <-statuses
	if !(a == 200 && b == 400 || a == 400 && b == 200) {
		t.Fatalf("two accepts: %d and %d, want one 200 and one 400", a, b)
	}
	if n := count(t, tm.app, schema.CollectionMemberships, "user = {:u}", map[string]any{"u": u.Id}); n != 1 {
		t.Fatalf("%d memberships for the invitee", n)
	}
}

func TestInvitationDecline(t *testing.T) {
	tm := newTeam(t)
	_, inv := invitee(t, tm)
	scenario(t, tm.app, tests.ApiScenario{
		Name:   "a guest declines with the token",
		Method: http.MethodPost, URL: declineURL, Body: body(t, map[string]any{"token": goodToken}),
		ExpectedStatus:     200,
		ExpectedContent:    []string{`"id":"` + inv.Id + `"`, `"status":"declined"`},
		NotExpectedContent: []string{"token_hash"},
	})
	if n := count(t, tm.app, schema.CollectionMemberships, "", nil); n != 4 {
		t.Fatalf("declining changed memberships: %d", n)
	}
}

func TestInvitationDeclineRefusals(t *testing.T) {
	for _, c := range []struct {
		name, status, token, content string
		expired                      bool
	}{
		{name: "unknown token", token: "nope", content: `"message":"This invitation link is not valid`},
		{name: "already accepted", status: schema.InvitationAccepted, content: `"message":"This invitation was already accepted."`},
		{name: "already declined", status: schema.InvitationDeclined, content: `"message":"This invitation was declined."`},
		{name: "expired", expired: true, content: `"message":"This invitation has expired: ask for a new one."`},
	} {
		t.Run(c.name, func(t *testing.T) {
			tm := newTeam(t)
			_, inv := invitee(t, tm)
			if c.status != "" {
				setStatus(t, tm.app, inv, c.status)
			}
			if c.expired {
				inv.Set(schema.InvitationExpires, time.Now().Add(-time.Minute))
				if err := tm.app.Save(inv); err != nil {
					t.Fatal(err)
				}
			}
			token := goodToken
			if c.token != "" {
				token = c.token
			}
			scenario(t, tm.app, tests.ApiScenario{
				Method: http.MethodPost, URL: declineURL, Body: body(t, map[string]any{"token": token}),
				ExpectedStatus: 400, ExpectedContent: []string{c.content},
			})
		})
	}
}

func TestInvitationAcceptMalformedBody(t *testing.T) {
	tm := newTeam(t)
	u, _ := invitee(t, tm)
	scenario(t, tm.app, tests.ApiScenario{
		Method: http.MethodPost, URL: acceptURL, Headers: authAs(t, u), Body: strings.NewReader(`{"token":`),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"status":400`, `"message":"Send the invitation token as {\"token\": \"...\"}."`},
	})
}

// The records API shows an invitation to its invitee only once the address is verified: an
// account that merely claims an address learns nothing about the invitations sent to it.
func TestUnverifiedInviteeDoesNotSeeInvitations(t *testing.T) {
	tm := newTeam(t)
	u, _ := invitee(t, tm)
	u.SetVerified(false)
	if err := tm.app.Save(u); err != nil {
		t.Fatal(err)
	}
	scenario(t, tm.app, tests.ApiScenario{
		Method: http.MethodGet, URL: invitationsURL, Headers: authAs(t, u),
		ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`},
	})
}
