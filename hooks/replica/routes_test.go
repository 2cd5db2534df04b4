package replica_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/testapp"
	"folio/hooks/replica"
)

// Without FOLIO_REPLICA_URL the health route says replication is off to anyone, and the detail
// route answers superusers only.
func TestStatusRoutes(t *testing.T) {
	t.Setenv(replica.EnvURL, "")
	t.Setenv(replica.EnvSynchronous, "FULL")
	app := testapp.New(t)
	h := testapp.Handler(t, app)

	res := testapp.Do(t, h, "GET", "/api/folio/health", "", "127.0.0.1:1", nil)
	rep, _ := res.Body["replica"].(map[string]any)
	if res.Status != 200 || rep == nil || rep["enabled"] != false {
		t.Fatalf("health: %d %s", res.Status, res.Raw)
	}

	user := testapp.CreateUser(t, app, "member@example.com", "Member")
	sc, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	su := core.NewRecord(sc)
	su.SetEmail("root@example.com")
	su.SetPassword(testapp.TestPassword)
	if err := app.Save(su); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		who    string
		token  string
		status int
	}{
		{"guest", "", 401},
		{"user", testapp.Token(t, user), 403},
		{"superuser", testapp.Token(t, su), 200},
	} {
		res := testapp.Do(t, h, "GET", "/api/folio/replica", c.token, "127.0.0.2:1", nil)
		if res.Status != c.status {
			t.Errorf("%s: %d %s, want %d", c.who, res.Status, res.Raw, c.status)
		}
		if c.status == 200 && (res.Body["enabled"] != false || res.Body["synchronous"] != "FULL") {
			t.Errorf("superuser: %s", res.Raw)
		}
	}
}

// While replicating, PocketBase's nightly TRUNCATE checkpoint of data.db is replaced by a job
// that leaves data.db to Litestream.
func TestNightlyCheckpointReplaced(t *testing.T) {
	app := testapp.New(t)
	has := func(id string) bool {
		for _, j := range app.Cron().Jobs() {
			if j.Id() == id {
				return true
			}
		}
		return false
	}
	if !has("__pbDBOptimize__") {
		t.Fatal("PocketBase's nightly job is not there to begin with")
	}
	replica.ReplaceNightlyCheckpoint(app)
	if has("__pbDBOptimize__") || !has(replica.NightlyJob) {
		t.Fatalf("jobs after the swap: %v", app.Cron().Jobs())
	}
}
