package testapp

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// TestPassword is the password of every user CreateUser makes: strong enough for Folio's policy.
const TestPassword = "correct-horse-battery-staple-42"

// CreateUser saves a verified, active user with TestPassword and returns it.
func CreateUser(t testing.TB, app core.App, email, name string) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
	if err != nil {
		t.Fatal(err)
	}
	u := core.NewRecord(c)
	u.SetEmail(email)
	u.SetVerified(true)
	u.SetPassword(TestPassword)
	u.Set(schema.UserName, name)
	if err := app.Save(u); err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

// Token mints an auth token for record.
func Token(t testing.TB, record *core.Record) string {
	t.Helper()
	tok, err := record.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// CreateRecord saves a record of collection with data, failing the test on error.
func CreateRecord(t testing.TB, app core.App, collection string, data map[string]any) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Load(data)
	if err := app.Save(r); err != nil {
		t.Fatalf("create %s record: %v", collection, err)
	}
	return r
}
