package accounts

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"folio/hooks/internal/auditlog"
	"folio/hooks/internal/export"
	"folio/hooks/schema"
)

// exportAccount answers GET /api/folio/account/export: everything Folio holds about the
// caller, by part (see hooks/internal/export), and records the export in the audit trail.
func (s *service) exportAccount(e *core.RequestEvent) error {
	doc, err := exportDocument(e.App, e.Auth, s.now())
	if err != nil {
		return e.InternalServerError("Failed to collect your data.", err)
	}
	_, err = auditlog.Append(e.App, auditlog.Event{Action: schema.ActionAccountExported, Actor: auditlog.ActorFromRequest(e), User: e.Auth.Id})
	if err != nil {
		return e.InternalServerError("Failed to record the export.", err)
	}
	return e.JSON(http.StatusOK, doc)
}

// deleteAccount answers POST /api/folio/account/delete {"password": "..."}: with the current
// password it ends every session, removes the user from every space, lets each export part
// erase its data, and leaves an anonymous record behind so authored content keeps a valid
// author that names nobody. Refused (409) while the user is the last owner of a space.
func (s *service) deleteAccount(e *core.RequestEvent) error {
	var body struct {
		Password string `json:"password"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("Send your current password as {\"password\": \"…\"}.", err)
	}
	user := e.Auth
	if err := s.checkCurrentPassword(e, user, body.Password); err != nil {
		return err
	}
	actor := auditlog.ActorFromRequest(e)
	err := e.App.RunInTransaction(func(txApp core.App) error {
		// Checked inside the transaction that removes the memberships: two owners of one space
		// deleting their accounts at once are serialized here, and the second one is refused.
		if spaces, err := spacesOnlyOwnedBy(txApp, user.Id); err != nil {
			return err
		} else if len(spaces) > 0 {
			return router.NewApiError(http.StatusConflict, fmt.Sprintf(
				"You are the last owner of %s. Make someone else an owner, or delete the space, before deleting your account.",
				strings.Join(spaces, ", ")), nil)
		}
		if _, err := auditlog.Append(txApp, auditlog.Event{Action: schema.ActionAccountDeleted, Actor: actor, User: user.Id}); err != nil {
			return err
		}
		if err := export.Erase(txApp, user); err != nil {
			return err
		}
		return anonymize(txApp, user, actor)
	})
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	if err != nil {
		return e.InternalServerError("Failed to delete the account; nothing was changed.", err)
	}
	return e.NoContent(http.StatusNoContent)
}

// checkCurrentPassword verifies the password of a destructive request under the same
// per-identity throttle as sign-in, so the route cannot be used to guess it.
func (s *service) checkCurrentPassword(e *core.RequestEvent, user *core.Record, password string) error {
	key := identityKey(user.Collection().Name, user.Email())
	cfg := s.config()
	now := cfg.Now()
	if wait := s.throttle.RetryAfter(key, now); wait > 0 {
		return throttledError(e, wait, now)
	}
	if password == "" || !user.ValidatePassword(password) {
		lock := s.throttle.Fail(key, now, cfg.Throttle)
		s.recordFailedSignIn(e, user.Collection(), user, user.Email(), "account-delete", lock, now)
		return e.BadRequestError("The password is not correct.", validation.Errors{
			core.FieldNamePassword: validation.NewError("invalid_password", "Enter your current password to delete your account."),
		})
	}
	return nil
}

// spacesOnlyOwnedBy names ("Name (slug)") the spaces whose only owner is user.
func spacesOnlyOwnedBy(app core.App, user string) ([]string, error) {
	var rows []struct {
		Name string `db:"name"`
		Slug string `db:"slug"`
	}
	m, sp := schema.CollectionMemberships, schema.CollectionSpaces
	err := app.DB().NewQuery(fmt.Sprintf(
		`SELECT s.[[%[6]s]] AS name, s.[[%[7]s]] AS slug FROM {{%[1]s}} m JOIN {{%[2]s}} s ON s.id = m.[[%[3]s]]
		 WHERE m.[[%[4]s]] = {:user} AND m.[[%[5]s]] = {:owner}
		 AND (SELECT COUNT(*) FROM {{%[1]s}} o WHERE o.[[%[3]s]] = m.[[%[3]s]] AND o.[[%[5]s]] = {:owner}) = 1
		 ORDER BY s.[[%[7]s]]`,
		m, sp, schema.MembershipSpace, schema.MembershipUser, schema.MembershipRole, schema.SpaceName, schema.SpaceSlug)).
		Bind(dbx.Params{"user": user, "owner": schema.RoleOwner}).All(&rows)
	names := make([]string, len(rows))
	for i, r := range rows {
		names[i] = fmt.Sprintf("%q (%s)", r.Name, r.Slug)
	}
	return names, err
}

// anonymize turns the users record into the anonymous tombstone of a deleted account: no
// email, name, avatar or usable password; a new token key ends any token left.
func anonymize(app core.App, user *core.Record, actor auditlog.Actor) error {
	u, err := app.FindRecordById(schema.CollectionUsers, user.Id)
	if err != nil {
		return err
	}
	u.SetEmail("deleted-" + u.Id + "@deleted.invalid")
	u.SetEmailVisibility(false)
	u.SetVerified(false)
	u.SetRandomPassword()
	u.RefreshTokenKey()
	u.Set(schema.UserName, "Deleted user")
	u.Set(schema.UserAvatar, nil)
	u.Set(schema.UserLocale, "")
	u.Set(schema.UserStatus, schema.StatusDeleted)
	actor.Via = viaAccountDelete
	defer auditlog.WithActor(u, actor)()
	return app.Save(u)
}
