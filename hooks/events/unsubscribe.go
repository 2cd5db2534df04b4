package events

import (
	"errors"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"folio/hooks/schema"
)

// unsubscribeType is the type claim of an unsubscribe token; unsubscribeTTL how long one works.
const (
	unsubscribeType = "folio_unsubscribe"
	unsubscribeTTL  = 365 * 24 * time.Hour
)

// unsubscribeKey signs a user's unsubscribe tokens: the user's token key (a password change
// voids old links) and the collection's auth secret, kept apart from auth tokens by a suffix.
func unsubscribeKey(user *core.Record) string {
	return user.TokenKey() + user.Collection().AuthToken.Secret + "." + unsubscribeType
}

// newUnsubscribeToken returns the signed token of user's unsubscribe link. It can do nothing but
// turn notification mail off.
func newUnsubscribeToken(app core.App, user *core.Record) (string, error) {
	return security.NewJWT(jwt.MapClaims{"id": user.Id, "type": unsubscribeType}, unsubscribeKey(user), unsubscribeTTL)
}

// unsubscribeRoute answers GET and POST /api/folio/notifications/unsubscribe?token=…: the link in
// every notification mail, which needs no sign-in (POST is the one-click form mail clients use).
// It turns the user's notification mail off.
func unsubscribeRoute(e *core.RequestEvent) error {
	user, err := userOfUnsubscribeToken(e.App, e.Request.URL.Query().Get("token"))
	if err != nil {
		return e.BadRequestError("This unsubscribe link is not valid (it may be old, or the password changed since). Change mail settings in the app instead.", err)
	}
	if err := setEmailMode(e.App, user.Id, schema.EmailOff); err != nil {
		return e.InternalServerError("", err)
	}
	if e.Request.Method == http.MethodGet {
		return e.HTML(http.StatusOK, "<!doctype html><meta charset=utf-8><title>Unsubscribed</title>"+
			"<p>You will get no more notification mail. You can turn it back on in your settings.</p>")
	}
	return e.JSON(http.StatusOK, map[string]any{schema.NotifySettingEmail: schema.EmailOff})
}

func userOfUnsubscribeToken(app core.App, token string) (*core.Record, error) {
	claims, err := security.ParseUnverifiedJWT(token)
	if err != nil {
		return nil, err
	}
	id, _ := claims["id"].(string)
	if typ, _ := claims["type"].(string); typ != unsubscribeType || id == "" {
		return nil, errors.New("not an unsubscribe token")
	}
	user, err := app.FindRecordById(schema.CollectionUsers, id)
	if err != nil {
		return nil, err
	}
	if _, err := security.ParseJWT(token, unsubscribeKey(user)); err != nil {
		return nil, err
	}
	return user, nil
}

// setEmailMode stores user uid's notification mail mode, making the settings row if needed.
func setEmailMode(app core.App, uid, mode string) error {
	s, err := app.FindFirstRecordByData(schema.CollectionNotificationSettings, schema.NotifySettingUser, uid)
	if err != nil {
		col, err := app.FindCachedCollectionByNameOrId(schema.CollectionNotificationSettings)
		if err != nil {
			return err
		}
		s = core.NewRecord(col)
		s.Set(schema.NotifySettingUser, uid)
	}
	s.Set(schema.NotifySettingEmail, mode)
	return app.Save(s)
}
