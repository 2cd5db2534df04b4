// Package factors holds Folio's second factors: authenticator apps (TOTP, RFC 6238), recovery
// codes and passkeys (WebAuthn). A user with a factor who passes a first sign-in step gets
// PocketBase's MFA answer (401 {"mfaId"}) and ends the sign-in with a factor; passkeys also
// sign in on their own. A space can require a factor of its editors or members to write.
package factors

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// Register binds the factors concern's hooks and routes to app, with settings from the
// environment (see Config).
func Register(app core.App) error {
	cfg, err := configFromEnv()
	if err != nil {
		return err
	}
	s := newService(cfg)
	app.Store().Set(storeKey, s)

	users, pages, comments, spaces := schema.CollectionUsers, schema.CollectionPages, schema.CollectionComments, schema.CollectionSpaces

	// sign-in: after the accounts concern's checks, before PocketBase writes the token
	app.OnRecordAuthRequest(users).BindFunc(s.onUserAuthRequest)

	// space policy
	app.OnRecordCreateRequest(pages).BindFunc(onPageWriteRequest)
	app.OnRecordUpdateRequest(pages).BindFunc(onPageWriteRequest)
	app.OnRecordDeleteRequest(pages).BindFunc(onPageWriteRequest)
	app.OnRecordCreateRequest(comments).BindFunc(onCommentWriteRequest)
	app.OnRecordUpdateRequest(comments).BindFunc(onCommentWriteRequest)
	app.OnRecordDeleteRequest(comments).BindFunc(onCommentWriteRequest)
	app.OnRecordCreateRequest(spaces).BindFunc(onSpaceSaveRequest)
	app.OnRecordUpdateRequest(spaces).BindFunc(onSpaceSaveRequest)
	bindSpaceWrites(app)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(routeWritePolicy)
		return se.Next()
	})

	// your data
	addExportParts(app)

	app.Cron().MustAdd("folioFactorChallengesCleanup", "*/10 * * * *", func() {
		if err := deleteExpiredChallenges(app, s.now()); err != nil {
			app.Logger().Warn("could not sweep expired factor challenges", "error", err)
		}
	})
	app.OnServe().BindFunc(s.bindRoutes)
	if len(cfg.Keys) == 0 {
		app.OnServe().BindFunc(func(se *core.ServeEvent) error {
			se.App.Logger().Warn("authenticator apps are off: " + EnvKey + " is not set (passkeys and recovery codes still work)")
			return se.Next()
		})
	}
	return nil
}
