package spaces_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/schema"
)

const previewURL = "/api/folio/invitations/preview"

func TestInvitationPreview(t *testing.T) {
	for _, c := range []struct {
		name, token, status string
		code                int
		want, notWant       []string
	}{
		// A guest holding the link learns the space, the inviter's name and the role; nothing
		// else of the inviter (no email), never the token's hash.
		{name: "pending", token: goodToken, code: 200,
			want:    []string{`"role":"editor"`, `"name":"Space team"`, `"slug":"team"`, `"inviter":{"name":"Admin"}`, `"email":"guest@folio.test"`},
			notWant: []string{"admin@folio.test", "token_hash"}},
		{name: "unknown token", token: "not-a-token", code: 400,
			want: []string{`"code":"validation_invalid_token"`}, notWant: []string{"Space team"}},
		{name: "revoked", token: goodToken, status: schema.InvitationRevoked, code: 400,
			want: []string{"was revoked"}, notWant: []string{"Space team"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tm := newTeam(t)
			inv := newInvitation(t, tm.app, tm.space, "guest@folio.test", schema.RoleEditor, goodToken, time.Hour)
			inv.Set(schema.InvitationInviter, tm.admin.Id)
			if c.status != "" {
				inv.Set(schema.InvitationStatus, c.status)
			}
			if err := tm.app.Save(inv); err != nil {
				t.Fatal(err)
			}
			scenario(t, tm.app, tests.ApiScenario{
				Method: http.MethodPost, URL: previewURL, Body: body(t, map[string]any{"token": c.token}),
				ExpectedStatus: c.code, ExpectedContent: c.want, NotExpectedContent: c.notWant,
			})
		})
	}
}
