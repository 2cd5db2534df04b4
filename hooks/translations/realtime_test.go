package translations_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"folio/hooks/schema"
)

// inbox collects the realtime messages one subscriber receives.
type inbox struct {
	mu   sync.Mutex
	msgs []string // "<action> <record id> <translation_state>"
}

// subscribe registers a realtime client authenticated as user on topic with app's broker, as
// PocketBase's realtime route does for an SDK subscription.
func subscribe(t testing.TB, app core.App, user *core.Record, topic string) *inbox {
	t.Helper()
	c := subscriptions.NewDefaultClient()
	c.Subscribe(topic)
	c.Set(apis.RealtimeClientAuthKey, user)
	app.SubscriptionsBroker().Register(c)
	in := &inbox{}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case m := <-c.Channel():
				var data struct {
					Action string         `json:"action"`
					Record map[string]any `json:"record"`
				}
				if err := json.Unmarshal(m.Data, &data); err == nil {
					in.mu.Lock()
					in.msgs = append(in.msgs, data.Action+" "+data.Record["id"].(string)+" "+data.Record[schema.PageTranslationState].(string))
					in.mu.Unlock()
				}
			case <-done:
				return
			}
		}
	}()
	t.Cleanup(func() {
		close(done)
		app.SubscriptionsBroker().Unregister(c.Id())
	})
	return in
}

func (in *inbox) has(msg string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, m := range in.msgs {
		if m == msg {
			return true
		}
	}
	return false
}

// waitFor waits (at most 5 s) until the inbox holds msg.
func (in *inbox) waitFor(t testing.TB, msg string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if in.has(msg) {
			return
		}
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	t.Fatalf("no %q among %q", msg, in.msgs)
}

func TestStateChangesReachRealtimeSubscribers(t *testing.T) {
	f := newFixture(t)
	en := f.page(t, "docs", "en", "guide/install", nil)
	ko := f.page(t, "docs", "ko", "guide/install", nil)
	ja := f.page(t, "docs", "ja", "guide/install", map[string]any{schema.PageStatus: schema.PageDraft})
	f.handler(t) // binds PocketBase's realtime broadcasting, as serve does
	editorInbox := subscribe(t, f.app, f.users[editor], "pages/*")
	viewerInbox := subscribe(t, f.app, f.users[viewer], "pages/*")
	strangerInbox := subscribe(t, f.app, f.users[stranger], "pages/"+ko.Id)

	f.editSource(t, en, guide["en"].body+"\nNew requirements.\n", false)
	editorInbox.waitFor(t, "update "+ko.Id+" outdated")
	editorInbox.waitFor(t, "update "+ja.Id+" outdated")
	viewerInbox.waitFor(t, "update "+ko.Id+" outdated")
	// Broadcasts happen before the response is written; by now everything was sent.
	if viewerInbox.has("update " + ja.Id + " outdated") {
		t.Fatal("a viewer was told about a draft translation")
	}
	if strangerInbox.has("update " + ko.Id + " outdated") {
		t.Fatal("a stranger was told about a private page")
	}

	// The API's own create is broadcast too (the transaction this package wraps gives PocketBase
	// back the app it broadcasts with).
	res := f.do(t, http.MethodPost, "/api/collections/pages/records", editor, map[string]any{
		schema.PageSpace: f.spaces["docs"].Id, schema.PageLocale: "zh", schema.PagePath: "guide/install",
		schema.PageTitle: guide["zh"].title, schema.PageBody: guide["zh"].body, schema.PageStatus: schema.PagePublished,
	})
	if res.Status != http.StatusOK {
		t.Fatalf("create zh: %d %s", res.Status, res.Raw)
	}
	viewerInbox.waitFor(t, "create "+res.Body["id"].(string)+" current")
}

func TestAFailedStateSaveRollsTheSourceEditBack(t *testing.T) {
	f := newFixture(t)
	g := f.group(t, "docs", "guide/install")
	// Another concern refuses to save the ko page (a test hook standing in for any invariant):
	// its state cannot be kept right, so the edit that would outdate it must not land either.
	f.app.OnRecordUpdate(schema.CollectionPages).BindFunc(func(e *core.RecordEvent) error {
		if e.Record.Id == g["ko"].Id {
			return validation.Errors{schema.PageTitle: validation.NewError("validation_test", "refused by a test hook")}
		}
		return e.Next()
	})
	res := f.patch(t, g["en"], editor, map[string]any{"body": "# Installing Folio\n\nRewritten.\n", "base_revision": 1})
	msg, _ := res.Body["message"].(string)
	if res.Status != http.StatusBadRequest || !strings.Contains(msg, `ko page at "guide/install"`) || !strings.Contains(msg, "refused by a test hook") {
		t.Fatalf("edit: %d %s", res.Status, res.Raw)
	}
	if en := f.fresh(t, g["en"]); en.GetString(schema.PageBody) != guide["en"].body || en.GetInt(schema.PageRevision) != 1 || f.revisionCount(t, en) != 1 {
		t.Fatal("the source edit was written although its translations could not be kept in step")
	}
	for _, l := range []string{"ko", "ja", "zh"} {
		f.wantState(t, g[l], schema.TranslationCurrent, 1) // ja and zh were rolled back too
	}
}

func TestDeletingASpaceTakesItsGroupsAlong(t *testing.T) {
	f := newFixture(t)
	f.group(t, "docs", "guide/install")
	keep := f.group(t, "handbook", "guide/install")
	if err := f.app.Delete(f.spaces["docs"]); err != nil {
		t.Fatalf("delete space: %v", err)
	}
	if n, _ := f.app.CountRecords(schema.CollectionPages); n != 4 {
		t.Fatalf("%d pages left, want the handbook's 4", n)
	}
	f.wantState(t, keep["ko"], schema.TranslationCurrent, 1)
}
