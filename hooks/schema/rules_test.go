package schema_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// openRules are the API rules allowed to be "" (anyone, guests included), each with its reason.
var openRules = map[string]string{
	schema.CollectionUsers + ".createRule": "open sign-up",
	schema.CollectionUsers + ".authRule":   "anyone with the credentials signs in; suspension is checked in a hook",
}

// TestNoAccidentalEmptyRules scans every collection the migrations create: an API rule that is ""
// lets anyone in, guests included, and is almost always a mistake for nil (superusers only).
// PocketBase's own system collections are skipped; everything else must be listed in openRules.
func TestNoAccidentalEmptyRules(t *testing.T) {
	app := testapp.New(t)
	collections, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	scanned := 0
	for _, c := range collections {
		if c.System {
			continue
		}
		scanned++
		for name, rule := range apiRules(c) {
			key := c.Name + "." + name
			if rule != nil && *rule == "" && openRules[key] == "" {
				t.Errorf("%s is \"\" (anyone, guests included): use nil for superusers only, a real rule, or list it in openRules with the reason", key)
			}
		}
	}
	if scanned < 4 {
		t.Fatalf("scanned only %d collections: the foundation alone has users, spaces, memberships, invitations", scanned)
	}
}

func apiRules(c *core.Collection) map[string]*string {
	rules := map[string]*string{
		"listRule": c.ListRule, "viewRule": c.ViewRule, "createRule": c.CreateRule,
		"updateRule": c.UpdateRule, "deleteRule": c.DeleteRule,
	}
	if c.IsAuth() {
		rules["authRule"] = c.AuthRule
		rules["manageRule"] = c.ManageRule
	}
	return rules
}
