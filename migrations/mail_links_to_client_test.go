package migrations_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/schema"
	_ "folio/migrations"
)

// The users' account mails link to the web client's confirm pages, not to the dashboard's.
func TestAccountMailsLinkToTheClient(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	c, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		tpl  core.EmailTemplate
		link string
	}{
		"verification":   {c.VerificationTemplate, `href="{APP_URL}/confirm/verification/{TOKEN}"`},
		"password reset": {c.ResetPasswordTemplate, `href="{APP_URL}/confirm/password-reset/{TOKEN}"`},
		"email change":   {c.ConfirmEmailChangeTemplate, `href="{APP_URL}/confirm/email-change/{TOKEN}"`},
	} {
		if !strings.Contains(tc.tpl.Body, tc.link) {
			t.Errorf("%s mail has no %s:\n%s", name, tc.link, tc.tpl.Body)
		}
		if strings.Contains(tc.tpl.Body, "/_/#/auth/") {
			t.Errorf("%s mail still links to the dashboard:\n%s", name, tc.tpl.Body)
		}
	}
	// The superusers' mails stay with the dashboard, where superusers work.
	su, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(su.ResetPasswordTemplate.Body, "/_/#/auth/confirm-password-reset/") {
		t.Errorf("superusers' reset mail changed:\n%s", su.ResetPasswordTemplate.Body)
	}
}
