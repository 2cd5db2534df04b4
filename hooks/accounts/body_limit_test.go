package accounts_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"folio/hooks/accounts"
	"folio/hooks/schema"
)

// TestOversizedBodiesMeetTheBodyLimit sends bodies past PocketBase's request body limit to the
// routes whose Folio middlewares read the body. Those middlewares must run after the limit, or
// an anonymous client could make the server read any amount into memory.
func TestOversizedBodiesMeetTheBodyLimit(t *testing.T) {
	env := newEnv(t, accounts.Config{})
	users, err := env.app.FindCollectionByNameOrId(schema.CollectionUsers)
	if err != nil {
		t.Fatal(err)
	}
	users.OTP.Enabled = true // so that auth-with-otp reads its body
	if err := env.app.Save(users); err != nil {
		t.Fatal(err)
	}
	// past the users collection's limit too: 32 MB plus what its fields may hold (the avatar)
	big := append(append([]byte(`{"otpId":"x","password":"`), bytes.Repeat([]byte("a"), 64<<20)...), `"}`...)

	// the OTP throttle reads the body: past the limit, the limit answers (the status alone would
	// be the same had the throttle read the whole body first: the half below is the one that
	// tells the orders apart)
	res := post(t, env.srv.URL+"/api/collections/users/auth-with-otp", big)
	if res.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("auth-with-otp: status %d, body %.200s: want 413", res.Status, res.Raw)
	}

	// the password-length check reads the body too: had it read the whole 33 MB, it would name
	// the over-long password; after the limit it cannot read it and leaves the answer to
	// PocketBase, whose error carries no field data
	res = post(t, env.srv.URL+"/api/collections/users/records", big)
	if res.Status < 400 || res.Status > 499 || strings.Contains(res.Raw, `"password"`) {
		t.Errorf("records create: status %d, body %.200s: want a 4xx without password data", res.Status, res.Raw)
	}
}

func post(t *testing.T, url string, body []byte) response {
	t.Helper()
	// a reader without a length: the request goes chunked, so no Content-Length check can refuse
	// it up front and the limit must hold while the body is read
	res, err := http.Post(url, "application/json", io.MultiReader(bytes.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Raw: string(raw)}
}
