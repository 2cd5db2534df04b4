package accounts_test

import (
	"errors"
	"strings"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/accounts"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

func TestPasswordPolicyOnSignUp(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	signUp := func(password string) response {
		return e.call(t, "POST", "/api/collections/users/records", "", map[string]string{
			"email": "grace.hopper@example.com", "name": "Grace Hopper", "password": password, "passwordConfirm": password})
	}
	for _, c := range []struct {
		password, code, says string
	}{
		{"short", "validation_min_text_constraint", "10"},
		{"password123", "password_too_weak", "commonly used password"},
		{"gracehopper1", "password_too_weak", "your name or email"},
		{"asdfghjkl;'", "password_too_weak", "keyboard"},
		// A short piece repeated is as weak as the piece, however long the repetition.
		{"abababababababab", "password_too_weak", "repeats"},
		{"x9!x9!x9!x9!", "password_too_weak", "repeats"},
		{"19900101199001011990", "password_too_weak", ""},
		{strings.Repeat("long-words ", 7), "password_too_long", "71 bytes"},
	} {
		res := signUp(c.password)
		data, _ := res.Body["data"].(map[string]any)
		field, _ := data["password"].(map[string]any)
		msg, _ := field["message"].(string)
		if res.Status != 400 || field["code"] != c.code || !strings.Contains(msg, c.says) {
			t.Errorf("%q: %d %s; want 400, data.password.code %s mentioning %q", c.password, res.Status, res.Raw, c.code, c.says)
		}
	}
	if n, _ := e.app.CountRecords(schema.CollectionUsers); n != 0 {
		t.Fatalf("%d users created by refused sign-ups", n)
	}
	if res := signUp("tangerine-lighthouse-41"); res.Status != 200 {
		t.Fatalf("a strong password: %d %s", res.Status, res.Raw)
	}
}

func TestPasswordPolicyOnChangeResetAndSuperuserEdits(t *testing.T) {
	e := newEnv(t, accounts.Config{})
	u := testapp.CreateUser(t, e.app, "ann@example.com", "Ann")
	tok := e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
	weak := "exampleann12" // the account's name and email domain

	// change by the user
	res := e.call(t, "PATCH", "/api/collections/users/records/"+u.Id, tok, map[string]string{
		"oldPassword": testapp.TestPassword, "password": weak, "passwordConfirm": weak})
	if res.Status != 400 || res.dataCode("password") != "password_too_weak" {
		t.Errorf("user change: %d %s", res.Status, res.Raw)
	}
	// reset link
	reset, err := u.NewPasswordResetToken()
	if err != nil {
		t.Fatal(err)
	}
	res = e.call(t, "POST", "/api/collections/users/confirm-password-reset", "", map[string]string{
		"token": reset, "password": weak, "passwordConfirm": weak})
	if res.Status != 400 || res.dataCode("password") != "password_too_weak" {
		t.Errorf("reset: %d %s", res.Status, res.Raw)
	}
	// a superuser in the dashboard
	res = e.call(t, "PATCH", "/api/collections/users/records/"+u.Id, superuserToken(t, e), map[string]string{
		"password": weak, "passwordConfirm": weak})
	if res.Status != 400 || res.dataCode("password") != "password_too_weak" {
		t.Errorf("superuser edit: %d %s", res.Status, res.Raw)
	}
	// the password never changed
	e.signIn(t, "ann@example.com", testapp.TestPassword, firefoxLinux)
}

func TestPasswordPolicyOnSuperusersFromGo(t *testing.T) {
	app := testapp.New(t)
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	su := core.NewRecord(col)
	su.SetEmail("root@example.com")
	su.SetPassword("rootroot123")
	err = app.Save(su)
	var fieldErrs validation.Errors
	if !errors.As(err, &fieldErrs) || fieldErrs["password"] == nil {
		t.Fatalf("weak superuser password: %v, want a password field error", err)
	}
	su.SetPassword(testapp.TestPassword)
	if err := app.Save(su); err != nil {
		t.Fatalf("strong superuser password: %v", err)
	}
}
