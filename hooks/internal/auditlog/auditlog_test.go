package auditlog_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

func appendN(t *testing.T, app core.App, n int, action string) {
	t.Helper()
	for i := 0; i < n; i++ {
		_, err := auditlog.Append(app, auditlog.Event{Action: action, User: "u1", Actor: auditlog.Actor{IP: "10.0.0.1", UserAgent: "tester"},
			Data: map[string]any{"i": i, "nested": map[string]any{"b": 2, "a": 1}}})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func mustVerify(t *testing.T, app core.App) auditlog.Report {
	t.Helper()
	rep, err := auditlog.Verify(app)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func exec(t *testing.T, app core.App, sql string, params dbx.Params) {
	t.Helper()
	if _, err := app.NonconcurrentDB().NewQuery(sql).Bind(params).Execute(); err != nil {
		t.Fatal(err)
	}
}

// eventsFrom counts the events already in a fresh app (migrations and hooks may write some).
func baseline(t *testing.T, app core.App) int64 {
	t.Helper()
	return mustVerify(t, app).HeadSeq
}

func TestAppendLinksEachEventToThePreviousOne(t *testing.T) {
	app := testapp.New(t)
	base := baseline(t, app)
	appendN(t, app, 3, schema.ActionSignIn)

	recs, err := app.FindRecordsByFilter(schema.CollectionAuditEvents, "seq > {:b}", "seq", 0, 0, dbx.Params{"b": base})
	if err != nil || len(recs) != 3 {
		t.Fatalf("events: %d %v", len(recs), err)
	}
	for i, r := range recs {
		ev := schema.AsAuditEvent(r)
		if ev.Seq() != base+int64(i)+1 {
			t.Errorf("event %d seq = %d", i, ev.Seq())
		}
		if i > 0 && ev.PrevHash() != schema.AsAuditEvent(recs[i-1]).Hash() {
			t.Errorf("event %d prev_hash does not name event %d", i, i-1)
		}
		if len(ev.Hash()) != 64 {
			t.Errorf("hash %q is not hex SHA-256", ev.Hash())
		}
	}
	rep := mustVerify(t, app)
	if rep.Broken != nil || rep.HeadSeq != base+3 || rep.HeadHash != schema.AsAuditEvent(recs[2]).Hash() {
		t.Fatalf("verify: %+v", rep)
	}
}

func TestConcurrentAppendsNeverFork(t *testing.T) {
	app := testapp.New(t)
	base := baseline(t, app)
	var wg sync.WaitGroup
	errs := make(chan error, 80)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				if _, err := auditlog.Append(app, auditlog.Event{Action: "test.concurrent", Data: map[string]any{"w": w, "i": i}}); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	rep := mustVerify(t, app)
	if rep.Broken != nil || rep.HeadSeq != base+80 || rep.Events != int(base)+80 {
		t.Fatalf("after 80 concurrent appends: %+v (broken %v)", rep, rep.Broken)
	}
}

func TestAppendRollsBackWithTheCallersTransaction(t *testing.T) {
	app := testapp.New(t)
	base := baseline(t, app)
	_ = app.RunInTransaction(func(txApp core.App) error {
		appendN(t, txApp, 2, "test.rolled_back")
		return fmt.Errorf("abort")
	})
	if rep := mustVerify(t, app); rep.HeadSeq != base || rep.Broken != nil {
		t.Fatalf("a rolled-back append left events: %+v", rep)
	}
}

func TestVerifyNamesTheFirstBrokenLink(t *testing.T) {
	for _, c := range []struct {
		name    string
		tamper  func(t *testing.T, app core.App, base int64)
		brokeAt int64 // offset from base
		reason  string
	}{
		{"changed field", func(t *testing.T, app core.App, base int64) {
			exec(t, app, "UPDATE audit_events SET ip = '203.0.113.9' WHERE seq = {:s}", dbx.Params{"s": base + 5})
		}, 5, "changed"},
		{"changed data", func(t *testing.T, app core.App, base int64) {
			exec(t, app, `UPDATE audit_events SET data = '{"i":99}' WHERE seq = {:s}`, dbx.Params{"s": base + 3})
		}, 3, "changed"},
		{"removed event", func(t *testing.T, app core.App, base int64) {
			exec(t, app, "DELETE FROM audit_events WHERE seq = {:s}", dbx.Params{"s": base + 4})
		}, 5, "missing"},
		{"event rewritten with its hash recomputed", func(t *testing.T, app core.App, base int64) {
			// an attacker who recomputes the changed event's own hash still breaks the next link
			exec(t, app, "UPDATE audit_events SET action = 'auth.failed' WHERE seq = {:s}", dbx.Params{"s": base + 2})
			exec(t, app, "UPDATE audit_events SET hash = {:h} WHERE seq = {:s}",
				dbx.Params{"s": base + 2, "h": documentedHash(t, app, base+2)})
		}, 3, "prev_hash does not match"},
		{"oldest events cut without a prune record", func(t *testing.T, app core.App, base int64) {
			exec(t, app, "DELETE FROM audit_events WHERE seq <= {:s}", dbx.Params{"s": base + 2})
		}, 3, "no audit.pruned event"},
	} {
		t.Run(c.name, func(t *testing.T) {
			app := testapp.New(t)
			base := baseline(t, app)
			appendN(t, app, 8, schema.ActionSignIn)
			if rep := mustVerify(t, app); rep.Broken != nil {
				t.Fatalf("intact chain reported broken: %v", rep.Broken)
			}
			c.tamper(t, app, base)
			rep := mustVerify(t, app)
			if rep.Broken == nil || rep.Broken.Seq != base+c.brokeAt || !strings.Contains(rep.Broken.Reason, c.reason) {
				t.Fatalf("broken = %v, want seq %d (%s)", rep.Broken, base+c.brokeAt, c.reason)
			}
		})
	}
}

// documentedHash recomputes an event's hash from its stored columns exactly as the package
// doc defines it.
func documentedHash(t *testing.T, app core.App, seq int64) string {
	t.Helper()
	var r struct {
		Seq             int64  `db:"seq"`
		Created         string `db:"created"`
		Action          string `db:"action"`
		Actor           string `db:"actor"`
		ActorCollection string `db:"actor_collection"`
		User            string `db:"user"`
		Target          string `db:"target"`
		IP              string `db:"ip"`
		UserAgent       string `db:"user_agent"`
		Session         string `db:"session"`
		Data            string `db:"data"`
		PrevHash        string `db:"prev_hash"`
	}
	err := app.DB().NewQuery(`SELECT seq, created, action, actor, actor_collection, user, target,
		ip, user_agent, session, data, prev_hash FROM audit_events WHERE seq = {:s}`).
		Bind(dbx.Params{"s": seq}).One(&r)
	if err != nil {
		t.Fatal(err)
	}
	canonical, _ := json.Marshal([]any{"folio.audit.v1", r.Seq, r.Created, r.Action, r.Actor, r.ActorCollection,
		r.User, r.Target, r.IP, r.UserAgent, r.Session, r.Data, r.PrevHash})
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

func TestHashIsTheDocumentedSerialization(t *testing.T) {
	app := testapp.New(t)
	appendN(t, app, 2, schema.ActionSignIn)
	rep := mustVerify(t, app)
	if got := documentedHash(t, app, rep.HeadSeq); got != rep.HeadHash {
		t.Fatalf("documented serialization gives %s, stored hash is %s", got, rep.HeadHash)
	}
	var data string
	_ = app.DB().NewQuery("SELECT data FROM audit_events WHERE seq = {:s}").Bind(dbx.Params{"s": rep.HeadSeq}).Row(&data)
	if data != `{"i":1,"nested":{"a":1,"b":2}}` {
		t.Errorf("stored data %s: want sorted keys", data)
	}
}

func TestPruneKeepsTheRestVerifiable(t *testing.T) {
	app := testapp.New(t)
	appendN(t, app, 4, "test.old")
	time.Sleep(5 * time.Millisecond) // created has millisecond resolution
	cutoff := time.Now()
	time.Sleep(5 * time.Millisecond)
	appendN(t, app, 3, "test.new")
	before := mustVerify(t, app)

	n, err := auditlog.Prune(app, cutoff, auditlog.Actor{Via: "test"})
	if err != nil || n != before.HeadSeq-3 {
		t.Fatalf("pruned %d (%v), want %d", n, err, before.HeadSeq-3)
	}
	rep := mustVerify(t, app)
	if rep.Broken != nil || rep.FirstSeq != before.HeadSeq-2 || rep.HeadSeq != before.HeadSeq+1 {
		t.Fatalf("after pruning: %+v broken %v", rep, rep.Broken)
	}
	if old, _ := app.CountRecords(schema.CollectionAuditEvents, dbx.HashExp{schema.AuditAction: "test.old"}); old != 0 {
		t.Errorf("%d old events left", old)
	}
	// the anchor does not excuse a later cut: removing the first kept event breaks verify
	exec(t, app, "DELETE FROM audit_events WHERE seq = {:s}", dbx.Params{"s": rep.FirstSeq})
	if rep := mustVerify(t, app); rep.Broken == nil || rep.Broken.Seq != rep.FirstSeq {
		t.Fatalf("cut after prune: %+v", rep)
	}
	// pruning never deletes the head
	app2 := testapp.New(t)
	appendN(t, app2, 2, "test.only")
	if _, err := auditlog.Prune(app2, time.Now().Add(time.Hour), auditlog.Actor{}); err != nil {
		t.Fatal(err)
	}
	if rep := mustVerify(t, app2); rep.Broken != nil || rep.Events != 2 {
		t.Fatalf("prune of everything: %+v (want the head and the audit.pruned event)", rep)
	}
}
