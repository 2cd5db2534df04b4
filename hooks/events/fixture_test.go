package events_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/events"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// fixture is a fresh app with space "docs" (private: owner, admin, editor, viewer and a second
// editor "writer"), space "other" (owned by outsider), a stranger in no space, and the HTTP
// handler when asked for.
type fixture struct {
	app      *tests.TestApp
	h        http.Handler
	users    map[string]*core.Record
	tokens   map[string]string
	spaces   map[string]*core.Record
	requests int
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	app := testapp.New(t)
	f := &fixture{app: app, users: map[string]*core.Record{}, tokens: map[string]string{}, spaces: map[string]*core.Record{}}
	for _, name := range []string{"owner", "admin", "editor", "writer", "viewer", "outsider", "stranger"} {
		u := testapp.CreateUser(t, app, name+"@example.com", name)
		f.users[name] = u
		f.tokens[name] = testapp.Token(t, u)
	}
	for _, slug := range []string{"docs", "other"} {
		f.spaces[slug] = testapp.CreateRecord(t, app, schema.CollectionSpaces, map[string]any{
			schema.SpaceSlug: slug, schema.SpaceName: slug, schema.SpaceVisibility: schema.VisibilityPrivate,
			schema.SpaceSourceLocale: "en", schema.SpaceLocales: []string{"ko"},
		})
	}
	for _, role := range []string{"owner", "admin", "editor", "viewer"} {
		f.member(t, "docs", role, role)
	}
	f.member(t, "docs", "writer", schema.RoleEditor)
	f.member(t, "other", "outsider", schema.RoleOwner)
	return f
}

func (f *fixture) member(t testing.TB, space, user, role string) *core.Record {
	t.Helper()
	return testapp.CreateRecord(t, f.app, schema.CollectionMemberships, map[string]any{
		schema.MembershipSpace: f.spaces[space].Id, schema.MembershipUser: f.users[user].Id, schema.MembershipRole: role,
	})
}

// page saves a published page through Go as editor.
func (f *fixture) page(t testing.TB, locale, path, body string) *core.Record {
	t.Helper()
	return testapp.CreateRecord(t, f.app, schema.CollectionPages, map[string]any{
		schema.PageSpace: f.spaces["docs"].Id, schema.PageLocale: locale, schema.PagePath: path,
		schema.PageTitle: "Page " + path, schema.PageBody: body, schema.PageStatus: schema.PagePublished,
		schema.PageEditor: f.users["editor"].Id, schema.PageAuthor: f.users["editor"].Id,
	})
}

// handler builds the HTTP handler once.
func (f *fixture) handler(t testing.TB) http.Handler {
	if f.h == nil {
		f.h = testapp.Handler(t, f.app)
		t.Cleanup(events.StartWorker(f.app)) // serve started it: stop it with the test
	}
	return f.h
}

func (f *fixture) do(t testing.TB, method, url, caller string, body any) testapp.Response {
	t.Helper()
	addr := fmt.Sprintf("10.%d.%d.%d:1234", (f.requests>>16)&255, (f.requests>>8)&255, f.requests&255)
	f.requests++
	return testapp.Do(t, f.handler(t), method, url, f.tokens[caller], addr, body)
}

// outboxEvent is an events row as tests read it.
type outboxEvent struct {
	Seq     int
	Type    string
	Space   string
	Record  string
	Payload map[string]any
}

// events returns the outbox, oldest first, from seq after on.
func (f *fixture) events(t testing.TB, after int) []outboxEvent {
	t.Helper()
	var rows []*core.Record
	err := f.app.RecordQuery(schema.CollectionEvents).AndWhere(dbx.NewExp("seq > {:s}", dbx.Params{"s": after})).
		OrderBy("seq ASC").All(&rows)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]outboxEvent, len(rows))
	for i, r := range rows {
		out[i] = outboxEvent{Seq: r.GetInt(schema.EventSeq), Type: r.GetString(schema.EventType),
			Space: r.GetString(schema.EventSpace), Record: r.GetString(schema.EventRecord)}
		if err := json.Unmarshal([]byte(r.GetString(schema.EventPayload)), &out[i].Payload); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func (f *fixture) lastSeq(t testing.TB) int {
	evs := f.events(t, 0)
	if len(evs) == 0 {
		return 0
	}
	return evs[len(evs)-1].Seq
}

func types_(evs []outboxEvent) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Type
	}
	return out
}

func mustSave(t testing.TB, app core.App, r *core.Record) {
	t.Helper()
	if err := app.Save(r); err != nil {
		t.Fatalf("save %s: %v", r.Collection().Name, err)
	}
}

func testappRecord(t testing.TB, f *fixture, collection string, data map[string]any) *core.Record {
	t.Helper()
	return testapp.CreateRecord(t, f.app, collection, data)
}

func jsonString(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
