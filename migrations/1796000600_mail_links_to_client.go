package migrations

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// clientMailLinks maps the dashboard's confirm pages in the users collection's mail templates to
// the web client's (/confirm/{kind}/{token}), so a person who is not an admin lands on a page of
// the client when following a mailed link. Only the link changes: a template an admin rewrote
// keeps its text, and one that no longer links to the dashboard is left as it is. The OTP mail
// carries a code and no link.
var clientMailLinks = [][2]string{
	{"{APP_URL}/_/#/auth/confirm-verification/{TOKEN}", "{APP_URL}/confirm/verification/{TOKEN}"},
	{"{APP_URL}/_/#/auth/confirm-password-reset/{TOKEN}", "{APP_URL}/confirm/password-reset/{TOKEN}"},
	{"{APP_URL}/_/#/auth/confirm-email-change/{TOKEN}", "{APP_URL}/confirm/email-change/{TOKEN}"},
}

func init() {
	apply := func(app core.App, from, to int) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
		if err != nil {
			return err
		}
		for _, tpl := range []*core.EmailTemplate{&c.VerificationTemplate, &c.ResetPasswordTemplate, &c.ConfirmEmailChangeTemplate} {
			for _, link := range clientMailLinks {
				tpl.Body = strings.ReplaceAll(tpl.Body, link[from], link[to])
			}
		}
		return app.Save(c)
	}
	m.Register(func(app core.App) error {
		return apply(app, 0, 1)
	}, func(app core.App) error {
		return apply(app, 1, 0)
	})
}
