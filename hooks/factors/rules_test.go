package factors_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// Every API rule of factors and factor_challenges, for a guest, the owner, another user and a
// superuser: the owner lists and views its own factors (no secret in sight), nobody writes
// them through the record API, and challenges are the server's alone.
func TestFactorRules(t *testing.T) {
	e := newEnv(t)
	owner := testapp.CreateUser(t, e.app, "own@example.com", "Own")
	other := testapp.CreateUser(t, e.app, "oth@example.com", "Oth")
	e.enrolTOTP(t, owner)
	su := core.NewRecord(mustCollection(t, e.app, core.CollectionNameSuperusers))
	su.SetEmail("root@example.com")
	su.SetPassword(testapp.TestPassword)
	if err := e.app.Save(su); err != nil {
		t.Fatal(err)
	}
	f, err := e.app.FindFirstRecordByFilter(schema.CollectionFactors, "kind = 'totp'")
	if err != nil {
		t.Fatal(err)
	}
	ch := testapp.CreateRecord(t, e.app, schema.CollectionFactorChallenges, map[string]any{
		schema.ChallengePurpose: schema.PurposeSecondStep, schema.ChallengeUser: owner.Id, schema.ChallengeFirstMethod: "password",
		schema.ChallengeExpires: e.clock.Now().Add(600e9)})

	roles := map[string]string{"guest": "", "owner": testapp.Token(t, owner), "other": testapp.Token(t, other), "superuser": testapp.Token(t, su)}
	type want struct{ list, view, create, update, del int }
	cases := []struct {
		collection, id string
		byRole         map[string]want
		listCount      map[string]int
	}{
		{schema.CollectionFactors, f.Id, map[string]want{
			"guest":     {200, 404, 403, 403, 403},
			"owner":     {200, 200, 403, 403, 403},
			"other":     {200, 404, 403, 403, 403},
			"superuser": {200, 200, 200, 200, 200},
		}, map[string]int{"guest": 0, "owner": 2, "other": 0, "superuser": 2}},
		{schema.CollectionFactorChallenges, ch.Id, map[string]want{
			"guest":     {403, 403, 403, 403, 403},
			"owner":     {403, 403, 403, 403, 403},
			"other":     {403, 403, 403, 403, 403},
			"superuser": {200, 200, 200, 200, 200},
		}, nil},
	}
	for _, c := range cases {
		for _, role := range []string{"guest", "owner", "other", "superuser"} {
			tok, w := roles[role], c.byRole[role]
			base := "/api/collections/" + c.collection + "/records"
			check := func(what string, got testapp.Response, status int) {
				t.Helper()
				if got.Status != status {
					t.Errorf("%s %s %s: %d %s, want %d", c.collection, role, what, got.Status, got.Raw, status)
				}
			}
			list := e.do(t, http.MethodGet, base, tok, nil)
			check("list", list, w.list)
			if n, ok := c.listCount[role]; ok && list.Body["totalItems"] != float64(n) {
				t.Errorf("%s %s list: %v items, want %d", c.collection, role, list.Body["totalItems"], n)
			}
			view := e.do(t, http.MethodGet, base+"/"+c.id, tok, nil)
			check("view", view, w.view)
			if view.Status == 200 && role != "superuser" {
				for _, hidden := range []string{schema.FactorSecret, schema.FactorCodes, schema.FactorCredential, schema.FactorLastStep} {
					if _, ok := view.Body[hidden]; ok {
						t.Errorf("%s %s view shows %s", c.collection, role, hidden)
					}
				}
			}
			body := map[string]any{"user": owner.Id, "kind": "totp", "purpose": schema.PurposeSecondStep, "expires": "2099-01-01 00:00:00.000Z", "name": "x"}
			check("create", e.do(t, http.MethodPost, base, tok, body), w.create)
			check("update", e.do(t, http.MethodPatch, base+"/"+c.id, tok, map[string]any{"name": "renamed", "failures": 1}), w.update)
			if role != "superuser" {
				check("delete", e.do(t, http.MethodDelete, base+"/"+c.id, tok, nil), w.del)
			}
		}
		// the superuser deletes last, so the others saw the record
		if r := e.do(t, http.MethodDelete, "/api/collections/"+c.collection+"/records/"+c.id, roles["superuser"], nil); r.Status != 204 {
			t.Errorf("%s superuser delete: %d %s", c.collection, r.Status, r.Raw)
		}
	}
}

func mustCollection(t *testing.T, app core.App, name string) *core.Collection {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(fmt.Errorf("collection %s: %w", name, err))
	}
	return c
}
