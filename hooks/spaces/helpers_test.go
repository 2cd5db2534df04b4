package spaces_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/security"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// newSpace saves a space and its owner's membership straight through Go (as a fixture; the API
// path that creates both is tested on its own).
func newSpace(t testing.TB, app core.App, owner *core.Record, slug, visibility string) *core.Record {
	t.Helper()
	s := testapp.CreateRecord(t, app, schema.CollectionSpaces, map[string]any{
		schema.SpaceSlug: slug, schema.SpaceName: "Space " + slug, schema.SpaceVisibility: visibility,
		schema.SpaceSourceLocale: "en",
	})
	if owner != nil {
		addMembership(t, app, s, owner, schema.RoleOwner)
	}
	return s
}

func addMembership(t testing.TB, app core.App, space, user *core.Record, role string) *core.Record {
	t.Helper()
	return testapp.CreateRecord(t, app, schema.CollectionMemberships, map[string]any{
		schema.MembershipSpace: space.Id, schema.MembershipUser: user.Id, schema.MembershipRole: role,
	})
}

// newInvitation saves a pending invitation whose token is token, expiring after ttl.
func newInvitation(t testing.TB, app core.App, space *core.Record, email, role, token string, ttl time.Duration) *core.Record {
	t.Helper()
	return testapp.CreateRecord(t, app, schema.CollectionInvitations, map[string]any{
		schema.InvitationSpace: space.Id, schema.InvitationEmail: email, schema.InvitationRole: role,
		schema.InvitationTokenHash: security.SHA256(token), schema.InvitationStatus: schema.InvitationPending,
		schema.InvitationExpires: time.Now().UTC().Add(ttl),
	})
}

func newSuperuser(t testing.TB, app core.App) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	su := core.NewRecord(c)
	su.SetEmail("root@folio.test")
	su.SetPassword(testapp.TestPassword)
	if err := app.Save(su); err != nil {
		t.Fatal(err)
	}
	return su
}

// authAs is the Authorization header of record; nil is a guest.
func authAs(t testing.TB, record *core.Record) map[string]string {
	if record == nil {
		return nil
	}
	return map[string]string{"Authorization": testapp.Token(t, record)}
}

func body(t testing.TB, v any) io.Reader {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

// scenario runs s against app, which stays usable afterwards (testapp.New cleans it up).
func scenario(t *testing.T, app *tests.TestApp, s tests.ApiScenario) {
	t.Helper()
	s.TestAppFactory = func(testing.TB) *tests.TestApp { return app }
	s.DisableTestAppCleanup = true
	s.Test(t)
}

// server is app's router built once, as `serve` builds it, for tests that need several requests
// on one app (one tests.ApiScenario per app is all PocketBase allows).
type server struct {
	t   testing.TB
	mux http.Handler
}

func newServer(t testing.TB, app *tests.TestApp) *server {
	t.Helper()
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	s := &server{t: t}
	se := &core.ServeEvent{App: app, Router: r}
	err = app.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		mux, err := e.Router.BuildMux()
		s.mux = mux
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// do sends one JSON request as who (nil: a guest) and returns the status and decoded body.
func (s *server) do(method, url string, who *core.Record, payload any) (int, map[string]any) {
	s.t.Helper()
	var r io.Reader
	if payload != nil {
		r = body(s.t, payload)
	}
	req := httptest.NewRequest(method, url, r)
	req.Header.Set("content-type", "application/json")
	for k, v := range authAs(s.t, who) {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, req)
	out := map[string]any{}
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			s.t.Fatalf("%s %s: body is not a JSON object: %s", method, url, rec.Body.String())
		}
	}
	return rec.Code, out
}

// count counts the records of collection matching filter.
func count(t testing.TB, app core.App, collection, filter string, params map[string]any) int {
	t.Helper()
	recs, err := app.FindRecordsByFilter(collection, filter, "", 0, 0, params)
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}
