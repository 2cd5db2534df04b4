package events_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/events"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// notes returns "user:reason" for every notification, sorted.
func (f *fixture) notes(t testing.TB) []string {
	t.Helper()
	if _, err := events.Dispatch(f.app); err != nil {
		t.Fatal(err)
	}
	var ns []*core.Record
	if err := f.app.RecordQuery(schema.CollectionNotifications).All(&ns); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for name, u := range f.users {
		names[u.Id] = name
	}
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = names[n.GetString(schema.NotificationUser)] + ":" + n.GetString(schema.NotificationReason)
	}
	sort.Strings(out)
	return out
}

func (f *fixture) clearNotes(t testing.TB) {
	t.Helper()
	if _, err := events.Dispatch(f.app); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.DB().Delete(schema.CollectionNotifications, nil).Execute(); err != nil {
		t.Fatal(err)
	}
	f.app.TestMailer.Reset()
}

func (f *fixture) watch(t testing.TB, caller string, body map[string]any) testapp.Response {
	t.Helper()
	body["user"] = f.users[caller].Id
	return f.do(t, http.MethodPost, "/api/collections/watches/records", caller, body)
}

func (f *fixture) edit(t testing.TB, caller string, p *core.Record, body string) {
	t.Helper()
	fresh, _ := f.app.FindRecordById(schema.CollectionPages, p.Id)
	res := f.do(t, http.MethodPatch, "/api/collections/pages/records/"+p.Id, caller,
		map[string]any{"body": body, "base_revision": fresh.GetInt(schema.PageRevision)})
	if res.Status != 200 {
		t.Fatalf("edit as %s: %d %s", caller, res.Status, res.Raw)
	}
}

func TestWatchersAreNotifiedOfEdits(t *testing.T) {
	f := newFixture(t)
	guide := f.page(t, "en", "guide", "# Guide\n")
	sub := f.page(t, "en", "guide/install", "# Install\n")
	other := f.page(t, "en", "guides", "# Not below guide\n")
	for _, w := range []struct {
		caller string
		body   map[string]any
	}{
		{"viewer", map[string]any{"kind": "page", "page": sub.Id}},
		{"writer", map[string]any{"kind": "subtree", "page": guide.Id}},
		{"admin", map[string]any{"kind": "space", "space": f.spaces["docs"].Id}},
		{"editor", map[string]any{"kind": "page", "page": sub.Id}},
	} {
		if res := f.watch(t, w.caller, w.body); res.Status != 200 {
			t.Fatalf("%s watches: %d %s", w.caller, res.Status, res.Raw)
		}
	}
	f.clearNotes(t)
	f.edit(t, "editor", sub, "# Install\n\nStep one.\n")
	// The editor made the change: not told of it. The others watch it three ways.
	if got, want := f.notes(t), []string{"admin:edit", "viewer:edit", "writer:edit"}; !slices.Equal(got, want) {
		t.Fatalf("edit of guide/install: %v, want %v", got, want)
	}
	f.clearNotes(t)
	f.edit(t, "editor", other, "# Not below guide\n\nText.\n")
	if got, want := f.notes(t), []string{"admin:edit"}; !slices.Equal(got, want) {
		t.Fatalf("edit of guides: %v, want %v", got, want)
	}

	// A page the viewer can no longer read (a draft): no notification, though the watch stays.
	fresh, _ := f.app.FindRecordById(schema.CollectionPages, sub.Id)
	fresh.Set(schema.PageStatus, schema.PageDraft)
	mustSave(t, f.app, fresh)
	f.clearNotes(t)
	f.edit(t, "editor", sub, "# Install\n\nStep two.\n")
	if got, want := f.notes(t), []string{"admin:edit", "writer:edit"}; !slices.Equal(got, want) {
		t.Fatalf("edit of a draft: %v, want %v", got, want)
	}

	// A member who leaves loses their watches and notifications in the space.
	f.edit(t, "editor", guide, "# Guide\n\nv2\n")
	if _, err := events.Dispatch(f.app); err != nil {
		t.Fatal(err)
	}
	m, err := f.app.FindFirstRecordByFilter(schema.CollectionMemberships, "user = {:u}", dbx.Params{"u": f.users["writer"].Id})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.app.Delete(m); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{schema.CollectionWatches, schema.CollectionNotifications} {
		if n, _ := f.app.CountRecords(c, dbx.HashExp{"user": f.users["writer"].Id}); n != 0 {
			t.Errorf("%d %s left for a member who left", n, c)
		}
	}
}

func TestWatchOnlyWhatYouCanRead(t *testing.T) {
	f := newFixture(t)
	p := f.page(t, "en", "guide", "# Guide\n")
	draft := testappRecord(t, f, schema.CollectionPages, map[string]any{
		schema.PageSpace: f.spaces["docs"].Id, schema.PageLocale: "en", schema.PagePath: "draft", schema.PageTitle: "Draft",
		schema.PageBody: "x", schema.PageStatus: schema.PageDraft})
	for _, c := range []struct {
		caller string
		body   map[string]any
		status int
	}{
		{"viewer", map[string]any{"kind": "page", "page": draft.Id}, 400},
		{"editor", map[string]any{"kind": "page", "page": draft.Id}, 200},
		{"outsider", map[string]any{"kind": "page", "page": p.Id}, 400},
		{"stranger", map[string]any{"kind": "subtree", "page": p.Id}, 400},
		{"outsider", map[string]any{"kind": "space", "space": f.spaces["docs"].Id}, 400},
		{"outsider", map[string]any{"kind": "space", "space": f.spaces["other"].Id}, 200},
		{"viewer", map[string]any{"kind": "page", "page": p.Id}, 200},
		{"viewer", map[string]any{"kind": "page", "page": p.Id}, 400}, // twice: unique
	} {
		if res := f.watch(t, c.caller, c.body); res.Status != c.status {
			t.Errorf("%s watches %v: %d, want %d: %s", c.caller, c.body, res.Status, c.status, res.Raw)
		}
	}
	// Nobody makes a watch for someone else.
	res := f.do(t, http.MethodPost, "/api/collections/watches/records", "editor", map[string]any{"user": f.users["viewer"].Id, "kind": "page", "page": p.Id})
	if res.Status != 400 {
		t.Fatalf("a watch for another user: %d %s", res.Status, res.Raw)
	}
}

func TestCommentsRepliesAndMentions(t *testing.T) {
	f := newFixture(t)
	p := f.page(t, "en", "guide", "# Guide\n")
	if res := f.watch(t, "admin", map[string]any{"kind": "page", "page": p.Id}); res.Status != 200 {
		t.Fatal(res.Status, string(res.Raw))
	}
	first := f.comment(t, "editor", p.Id, "", "Is this right?")
	f.clearNotes(t)
	// A reply mentioning members by name and by email, and people outside the space.
	f.comment(t, "viewer", p.Id, first, "Yes @[Writer]; cc @owner@example.com, @[outsider] and @stranger@example.com")
	want := []string{"admin:comment", "editor:reply", "owner:mention", "writer:mention"}
	if got := f.notes(t); !slices.Equal(got, want) {
		t.Fatalf("notifications: %v, want %v", got, want)
	}
	// Instant mail by default, with an unsubscribe link that works without signing in.
	var link string
	for _, m := range f.app.TestMailer.Messages() {
		if m.To[0].Address == "writer@example.com" {
			if !strings.Contains(m.Text, "mentions you") || m.Headers["List-Unsubscribe"] == "" {
				t.Fatalf("mention mail: %q %v", m.Text, m.Headers)
			}
			link = regexp.MustCompile(`/api/folio/notifications/unsubscribe\?token=\S+`).FindString(m.Text)
		}
		if a := m.To[0].Address; a == "outsider@example.com" || a == "stranger@example.com" {
			t.Fatalf("mail to %s, who is outside the space", a)
		}
	}
	if link == "" {
		t.Fatal("no mention mail to writer")
	}
	if res := f.do(t, http.MethodGet, link+"x", "", nil); res.Status != 400 {
		t.Fatalf("a tampered token: %d", res.Status)
	}
	u, _ := url.Parse(link)
	if res := f.do(t, http.MethodGet, "/api/folio/notifications/unsubscribe?token="+url.QueryEscape(u.Query().Get("token")), "", nil); res.Status != 200 {
		t.Fatalf("unsubscribe: %d %s", res.Status, res.Raw)
	}
	f.clearNotes(t)
	f.comment(t, "viewer", p.Id, "", "Again @[writer]")
	if got := f.notes(t); !slices.Contains(got, "writer:mention") {
		t.Fatalf("the notification itself still comes: %v", got)
	}
	for _, m := range f.app.TestMailer.Messages() {
		if m.To[0].Address == "writer@example.com" {
			t.Fatal("a mail after unsubscribing")
		}
	}
}

func (f *fixture) comment(t testing.TB, caller, page, parent, body string) string {
	t.Helper()
	data := map[string]any{"page": page, "body": body, "author": f.users[caller].Id}
	if parent != "" {
		data["parent"] = parent
	}
	res := f.do(t, http.MethodPost, "/api/collections/comments/records", caller, data)
	if res.Status != 200 {
		t.Fatalf("comment as %s: %d %s", caller, res.Status, res.Raw)
	}
	return res.Body["id"].(string)
}

func TestTranslatorsHearOfOutdatedTranslations(t *testing.T) {
	f := newFixture(t)
	src := f.page(t, "en", "guide", "# Guide\n")
	ko := testappRecord(t, f, schema.CollectionPages, map[string]any{
		schema.PageSpace: f.spaces["docs"].Id, schema.PageLocale: "ko", schema.PagePath: "guide", schema.PageTitle: "안내",
		schema.PageBody: "# 안내\n", schema.PageStatus: schema.PagePublished,
		schema.PageAuthor: f.users["writer"].Id, schema.PageEditor: f.users["writer"].Id})
	_ = ko
	f.clearNotes(t)
	f.edit(t, "editor", src, "# Guide\n\nNew.\n")
	if got, want := f.notes(t), []string{"writer:translation_outdated"}; !slices.Equal(got, want) {
		t.Fatalf("notifications: %v, want %v", got, want)
	}
}

func TestDailyDigest(t *testing.T) {
	f := newFixture(t)
	p := f.page(t, "en", "guide", "# Guide\n")
	q := f.page(t, "en", "secret", "# Later a draft\n")
	for _, id := range []string{p.Id, q.Id} {
		if res := f.watch(t, "viewer", map[string]any{"kind": "page", "page": id}); res.Status != 200 {
			t.Fatal(res.Status, string(res.Raw))
		}
	}
	res := f.do(t, http.MethodPost, "/api/collections/notification_settings/records", "viewer",
		map[string]any{"user": f.users["viewer"].Id, "email": "daily"})
	if res.Status != 200 {
		t.Fatalf("settings: %d %s", res.Status, res.Raw)
	}
	f.clearNotes(t)
	f.edit(t, "editor", p, "# Guide\n\n1\n")
	f.edit(t, "editor", p, "# Guide\n\n2\n")
	f.edit(t, "editor", q, "# Later a draft\n\n1\n")
	if got := f.notes(t); len(got) != 3 || len(f.app.TestMailer.Messages()) != 0 {
		t.Fatalf("before the digest: %v and %d mails", got, len(f.app.TestMailer.Messages()))
	}
	fresh, _ := f.app.FindRecordById(schema.CollectionPages, q.Id)
	fresh.Set(schema.PageStatus, schema.PageDraft)
	mustSave(t, f.app, fresh)
	if n, err := events.SendDigests(f.app, time.Now()); err != nil || n != 1 {
		t.Fatalf("digests: %d %v", n, err)
	}
	msgs := f.app.TestMailer.Messages()
	if len(msgs) != 1 || !strings.Contains(msgs[0].Subject, "2 updates") || strings.Contains(msgs[0].Text, "Later a draft") ||
		!strings.Contains(msgs[0].Text, "unsubscribe?token=") {
		t.Fatalf("digest: %d mails, %q\n%s", len(msgs), msgs[0].Subject, msgs[0].Text)
	}
	if n, _ := events.SendDigests(f.app, time.Now().Add(time.Hour)); n != 0 {
		t.Fatal("a second digest within the day")
	}
}

func TestNotificationsOnlyMarkRead(t *testing.T) {
	f := newFixture(t)
	p := f.page(t, "en", "guide", "# Guide\n")
	f.watch(t, "viewer", map[string]any{"kind": "page", "page": p.Id})
	f.edit(t, "editor", p, "# Guide\n\n1\n")
	f.notes(t)
	n, err := f.app.FindFirstRecordByData(schema.CollectionNotifications, schema.NotificationUser, f.users["viewer"].Id)
	if err != nil {
		t.Fatal(err)
	}
	res := f.do(t, http.MethodPatch, "/api/collections/notifications/records/"+n.Id, "viewer",
		map[string]any{"read": true, "reason": "mention", "title": "forged"})
	if res.Status != 200 || res.Body["read"] != true || res.Body["reason"] != "edit" || res.Body["title"] != "Page guide" {
		t.Fatalf("mark read: %d %s", res.Status, res.Raw)
	}
	res = f.do(t, http.MethodPatch, "/api/collections/notifications/records/"+n.Id, "viewer", map[string]any{"user": f.users["editor"].Id})
	if res.Status != 404 && res.Status != 400 {
		t.Fatalf("hand a notification to someone else: %d %s", res.Status, res.Raw)
	}
	res = f.do(t, http.MethodPost, "/api/folio/notifications/read-all", "viewer", nil)
	if res.Status != 200 {
		t.Fatalf("read-all: %d %s", res.Status, res.Raw)
	}
}
