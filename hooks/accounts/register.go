// Package accounts holds what Folio does for people's accounts: profile upkeep, what others
// may see of a user, revocable sessions, the password policy, sign-in throttling, security
// mail, suspension, and the account export and deletion routes.
package accounts

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// Register binds the accounts concern's hooks and routes to app, with settings from the
// environment (see Config) and, in the folio binary, from serve flags.
func Register(app core.App) error {
	cfg, err := configFromEnv()
	if err != nil {
		return err
	}
	s := newService(cfg)
	app.Store().Set(storeKey, s)
	bindFlags(app, s)

	users, superusers, sessions := schema.CollectionUsers, core.CollectionNameSuperusers, schema.CollectionSessions

	// profile
	app.OnRecordCreate(users).BindFunc(onUserCreate)
	app.OnRecordUpdate(users).BindFunc(onUserUpdate)
	app.OnRecordUpdate(users).BindFunc(s.onUserSecurityUpdate)
	app.OnRecordEnrich(users).BindFunc(onUserEnrich)
	app.OnRecordCreateRequest(users).BindFunc(onUserCreateRequest)
	app.OnRecordUpdateRequest(users).BindFunc(onUserUpdateRequest)
	app.OnRecordConfirmEmailChangeRequest(users).BindFunc(onUserConfirmEmailChangeRequest)
	app.OnRecordConfirmVerificationRequest(users).BindFunc(onUserConfirmVerificationRequest)
	app.OnRecordConfirmPasswordResetRequest(users, superusers).BindFunc(s.onUserConfirmPasswordResetRequest)

	// credentials
	app.OnRecordValidate(users, superusers).BindFunc(onPasswordValidate)
	app.OnRecordAuthWithPasswordRequest(users, superusers).BindFunc(s.onAuthWithPasswordRequest)

	// sign-in: the suspension check runs before a session is started
	app.OnRecordAuthRequest(users).BindFunc(onUserAuthRequest)
	app.OnRecordAuthRequest(users).BindFunc(s.onSessionAuthRequest)
	app.OnRecordAuthRefreshRequest(users).BindFunc(onUserAuthRefreshRequest)

	// sessions
	app.OnRecordAfterCreateSuccess(sessions).BindFunc(s.onSessionAfterSaveSuccess)
	app.OnRecordAfterUpdateSuccess(sessions).BindFunc(s.onSessionAfterSaveSuccess)
	app.OnRecordAfterDeleteSuccess(sessions).BindFunc(s.onSessionAfterDeleteSuccess)
	app.OnRecordCreateRequest(sessions).BindFunc(onSessionCreateRequest)
	app.OnRecordUpdateRequest(sessions).BindFunc(onSessionUpdateRequest)
	app.OnRecordDeleteRequest(sessions).BindFunc(s.onSessionDeleteRequest)
	app.OnRecordEnrich(sessions).BindFunc(s.onSessionEnrich)
	app.OnRealtimeSubscribeRequest().BindFunc(s.onRealtimeSubscribeRequest)
	app.Cron().MustAdd("folioSessionsCleanup", "17 * * * *", func() { s.cleanupSessions(app) })

	// your data
	s.addExportParts(app)

	app.OnServe().BindFunc(s.bindRoutes)
	return nil
}
