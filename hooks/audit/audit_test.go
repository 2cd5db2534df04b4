package audit_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/audit"
	"folio/hooks/internal/auditlog"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

func serve(t *testing.T, app *tests.TestApp) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(testapp.Handler(t, app))
	t.Cleanup(srv.Close)
	return srv
}

func call(t *testing.T, srv *httptest.Server, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, srv.URL+path, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func superuser(t *testing.T, app core.App) *core.Record {
	t.Helper()
	col, _ := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	su := core.NewRecord(col)
	su.SetEmail("root@example.com")
	su.SetPassword(testapp.TestPassword)
	if err := app.Save(su); err != nil {
		t.Fatal(err)
	}
	return su
}

func event(t *testing.T, app core.App, user, action string) *core.Record {
	t.Helper()
	rec, err := auditlog.Append(app, auditlog.Event{Action: action, User: user})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestAuditEventsRules(t *testing.T) {
	app := testapp.New(t)
	ann := testapp.CreateUser(t, app, "ann@example.com", "Ann")
	bob := testapp.CreateUser(t, app, "bob@example.com", "Bob")
	annEv := event(t, app, ann.Id, "test.ann")
	bobEv := event(t, app, bob.Id, "test.bob")
	su := testapp.Token(t, superuser(t, app))
	srv := serve(t, app)

	list := func(tok string) []string {
		status, body := call(t, srv, "GET", "/api/collections/audit_events/records?perPage=200&filter="+`action~"test."`, tok, nil)
		if status != 200 {
			t.Fatalf("list: %d %v", status, body)
		}
		var actions []string
		for _, it := range body["items"].([]any) {
			actions = append(actions, it.(map[string]any)["action"].(string))
		}
		return actions
	}
	if got := strings.Join(list(testapp.Token(t, ann)), ","); got != "test.ann" {
		t.Errorf("Ann lists %q, want only her own event", got)
	}
	if got := strings.Join(list(""), ","); got != "" {
		t.Errorf("a guest lists %q", got)
	}
	if got := strings.Join(list(su), ","); got != "test.ann,test.bob" {
		t.Errorf("a superuser lists %q, want both", got)
	}
	if status, _ := call(t, srv, "GET", "/api/collections/audit_events/records/"+bobEv.Id, testapp.Token(t, ann), nil); status != 404 {
		t.Errorf("Ann views Bob's event: %d, want 404", status)
	}

	// nobody writes through the API, superusers included
	for _, tok := range []string{testapp.Token(t, ann), su} {
		for _, c := range []struct{ method, path string }{
			{"POST", "/api/collections/audit_events/records"},
			{"PATCH", "/api/collections/audit_events/records/" + annEv.Id},
			{"DELETE", "/api/collections/audit_events/records/" + annEv.Id},
		} {
			status, body := call(t, srv, c.method, c.path, tok, map[string]any{"action": "forged", "seq": 999, "hash": "x", "user": ann.Id})
			if status != 403 {
				t.Errorf("%s %s: %d %v, want 403", c.method, c.path, status, body)
			}
		}
	}
	if rep, _ := auditlog.Verify(app); rep.Broken != nil {
		t.Fatalf("chain broken after refused writes: %v", rep.Broken)
	}
}

func TestAuditEventsRefuseWritesFromGo(t *testing.T) {
	app := testapp.New(t)
	ev := event(t, app, "", "test.go")
	ev.Set(schema.AuditAction, "test.changed")
	if err := app.Save(ev); err == nil {
		t.Error("updating an audit event from Go succeeded")
	}
	if err := app.Delete(ev); err == nil {
		t.Error("deleting an audit event from Go succeeded")
	}
	col, _ := app.FindCollectionByNameOrId(schema.CollectionAuditEvents)
	forged := core.NewRecord(col)
	forged.Set(schema.AuditSeq, 1000)
	forged.Set(schema.AuditAction, "forged")
	forged.Set(schema.AuditHash, strings.Repeat("0", 64))
	if err := app.Save(forged); err == nil {
		t.Error("inserting an unchained audit event succeeded")
	}
}

func TestMembershipChangesAreAudited(t *testing.T) {
	app := testapp.New(t)
	ann := testapp.CreateUser(t, app, "ann@example.com", "Ann")
	bob := testapp.CreateUser(t, app, "bob@example.com", "Bob")
	srv := serve(t, app)
	annTok := testapp.Token(t, ann)
	status, space := call(t, srv, "POST", "/api/collections/spaces/records", annTok,
		map[string]any{"slug": "kb", "name": "KB", "visibility": "private", "source_locale": "en"})
	if status != 200 {
		t.Fatalf("create space: %d %v", status, space)
	}
	// people join by invitation; a superuser adds Bob directly
	su := superuser(t, app)
	status, m := call(t, srv, "POST", "/api/collections/memberships/records", testapp.Token(t, su),
		map[string]any{"space": space["id"], "user": bob.Id, "role": "viewer"})
	if status != 200 {
		t.Fatalf("add Bob: %d %v", status, m)
	}
	if status, _ := call(t, srv, "PATCH", "/api/collections/memberships/records/"+m["id"].(string), annTok, map[string]any{"role": "editor"}); status != 200 {
		t.Fatalf("promote Bob: %d", status)
	}
	if status, _ := call(t, srv, "DELETE", "/api/collections/memberships/records/"+m["id"].(string), annTok, nil); status != 204 {
		t.Fatalf("remove Bob: %d", status)
	}

	evs, err := app.FindRecordsByFilter(schema.CollectionAuditEvents, "user = {:u} && action ~ 'membership.'", "seq", 0, 0, dbx.Params{"u": bob.Id})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range evs {
		var data map[string]any
		_ = r.UnmarshalJSONField(schema.AuditData, &data)
		got = append(got, r.GetString(schema.AuditAction)+":"+r.GetString(schema.AuditActor)+":"+stringOf(data["role"])+stringOf(data["from"])+">"+stringOf(data["to"]))
	}
	want := []string{
		"membership.created:" + su.Id + ":viewer>",
		"membership.role_changed:" + ann.Id + ":viewer>editor",
		"membership.deleted:" + ann.Id + ":editor>",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("Bob's membership events:\n got  %v\n want %v", got, want)
	}
	// Bob sees them in his own feed
	status, body := call(t, srv, "GET", "/api/collections/audit_events/records?filter="+`action~"membership."`, testapp.Token(t, bob), nil)
	if status != 200 || len(body["items"].([]any)) != 3 {
		t.Fatalf("Bob's feed: %d %v", status, body)
	}
}

func stringOf(v any) string { s, _ := v.(string); return s }

func runVerify(t *testing.T, app core.App) (string, error) {
	t.Helper()
	cmd := audit.Command(app)
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs([]string{"verify"})
	err := cmd.Execute()
	return out.String(), err
}

func TestVerifyCommandDetectsATamperedEvent(t *testing.T) {
	app := testapp.New(t)
	for i := 0; i < 6; i++ {
		event(t, app, "u1", "test.cmd")
	}
	out, err := runVerify(t, app)
	if err != nil || !strings.Contains(out, "audit trail OK") {
		t.Fatalf("intact trail: %q %v", out, err)
	}
	rep, _ := auditlog.Verify(app)
	target := rep.HeadSeq - 2
	if _, err := app.NonconcurrentDB().NewQuery("UPDATE audit_events SET user = 'someone-else' WHERE seq = {:s}").
		Bind(dbx.Params{"s": target}).Execute(); err != nil {
		t.Fatal(err)
	}
	_, err = runVerify(t, app)
	if err == nil || !strings.Contains(err.Error(), "BROKEN") || !strings.Contains(err.Error(), "seq "+strconv.FormatInt(target, 10)+" ") {
		t.Fatalf("tampered trail: err = %v, want BROKEN naming seq %d", err, target)
	}
}

func TestPruneCommandKeepsTheTrailVerifiable(t *testing.T) {
	app := testapp.New(t)
	for i := 0; i < 3; i++ {
		event(t, app, "u1", "test.prune")
	}
	time.Sleep(5 * time.Millisecond) // created has millisecond resolution: let the events age
	cmd := audit.Command(app)
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"prune", "--older-than", "1ns"})
	if err := cmd.Execute(); err != nil || !strings.Contains(out.String(), "pruned") {
		t.Fatalf("prune: %q %v", out.String(), err)
	}
	if out, err := runVerify(t, app); err != nil {
		t.Fatalf("verify after prune: %q %v", out, err)
	}
	if n, _ := app.CountRecords(schema.CollectionAuditEvents, dbx.HashExp{schema.AuditAction: schema.ActionAuditPruned}); n != 1 {
		t.Fatalf("audit.pruned events = %d, want 1", n)
	}
}
