package events_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/pages"
	"folio/hooks/schema"
)

func TestPageLifecycleEmitsEventsInOrder(t *testing.T) {
	f := newFixture(t)
	start := f.lastSeq(t)
	p := f.page(t, "en", "guide/intro", "# Intro\n")

	// A content edit through the API names its base revision: page.updated with the revision.
	res := f.do(t, http.MethodPatch, "/api/collections/pages/records/"+p.Id, "writer",
		map[string]any{"body": "# Intro\n\nMore.\n", "base_revision": 1})
	if res.Status != http.StatusOK {
		t.Fatalf("edit: %d %s", res.Status, res.Raw)
	}
	// A stale edit that merges: page.updated says merged.
	res = f.do(t, http.MethodPatch, "/api/collections/pages/records/"+p.Id, "editor",
		map[string]any{"title": "Introduction", "base_revision": 1})
	if res.Status != http.StatusOK || res.Body["merged"] != true {
		t.Fatalf("merged edit: %d %s", res.Status, res.Raw)
	}
	// A move, an unpublish, a publish by the scheduler, a delete.
	p, _ = f.app.FindRecordById(schema.CollectionPages, p.Id)
	p.Set(schema.PagePath, "guide/start")
	mustSave(t, f.app, p)
	p.Set(schema.PageStatus, schema.PageDraft)
	mustSave(t, f.app, p)
	p.Set(schema.PageStatus, schema.PagePublished)
	p.Set(schema.PagePublishAt, time.Now().Add(1500*time.Millisecond).UTC())
	mustSave(t, f.app, p)
	time.Sleep(1600 * time.Millisecond) // the pages hooks judge liveness by the real clock
	if n, err := pages.ApplySchedule(f.app, time.Now()); err != nil || n != 1 {
		t.Fatalf("schedule: %d %v", n, err)
	}
	p, _ = f.app.FindRecordById(schema.CollectionPages, p.Id)
	if err := f.app.Delete(p); err != nil {
		t.Fatal(err)
	}

	evs := f.events(t, start)
	want := []string{schema.EventPageCreated, schema.EventPagePublished, schema.EventPageUpdated, schema.EventPageUpdated,
		schema.EventPageMoved, schema.EventPageUnpublished, schema.EventPagePublished, schema.EventPageDeleted}
	if got := types_(evs); !slices.Equal(got, want) {
		t.Fatalf("events:\n got %v\nwant %v", got, want)
	}
	if evs[2].Payload["revision"] != 2.0 || evs[2].Payload["merged"] != false {
		t.Errorf("first page.updated: %v", evs[2].Payload)
	}
	if evs[3].Payload["revision"] != 3.0 || evs[3].Payload["merged"] != true || evs[3].Payload["previous_revision"] != 2.0 {
		t.Errorf("merged page.updated: %v", evs[3].Payload)
	}
	from, _ := evs[4].Payload["from"].(map[string]any)
	page, _ := evs[4].Payload["page"].(map[string]any)
	if from["path"] != "guide/intro" || page["path"] != "guide/start" {
		t.Errorf("page.moved: %v", evs[4].Payload)
	}
	for i, ev := range evs {
		if ev.Space != f.spaces["docs"].Id || ev.Record != p.Id {
			t.Errorf("event %d names space %q record %q", i, ev.Space, ev.Record)
		}
		space, _ := ev.Payload["space"].(map[string]any)
		if space["slug"] != "docs" {
			t.Errorf("event %d payload space: %v", i, space)
		}
		if i > 0 && ev.Seq != evs[i-1].Seq+1 {
			t.Errorf("seq gap: %d after %d", ev.Seq, evs[i-1].Seq)
		}
	}
}

func TestRolledBackSaveEmitsNothing(t *testing.T) {
	f := newFixture(t)
	p := f.page(t, "en", "guide/intro", "# Intro\n")
	start := f.lastSeq(t)
	boom := errors.New("boom")
	err := f.app.RunInTransaction(func(tx core.App) error {
		page, err := tx.FindRecordById(schema.CollectionPages, p.Id)
		if err != nil {
			return err
		}
		page.Set(schema.PageBody, "# Changed\n")
		page.Set(schema.PagePath, "guide/moved")
		if err := tx.Save(page); err != nil {
			return err
		}
		if n := len(f.eventsIn(t, tx, start)); n != 2 {
			t.Errorf("inside the transaction the save wrote %d events, want 2 (updated, moved)", n)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("transaction: %v", err)
	}
	if evs := f.events(t, start); len(evs) != 0 {
		t.Fatalf("a rolled-back save emitted %v", types_(evs))
	}
	// A save refused by validation (a 409 conflict through the API) emits nothing either.
	res := f.do(t, http.MethodPatch, "/api/collections/pages/records/"+p.Id, "writer", map[string]any{"body": "# A\n", "base_revision": 1})
	if res.Status != 200 {
		t.Fatal(res.Status, string(res.Raw))
	}
	start = f.lastSeq(t)
	res = f.do(t, http.MethodPatch, "/api/collections/pages/records/"+p.Id, "editor", map[string]any{"body": "# B\n", "base_revision": 1})
	if res.Status != http.StatusConflict {
		t.Fatalf("conflicting edit: %d %s", res.Status, res.Raw)
	}
	if evs := f.events(t, start); len(evs) != 0 {
		t.Fatalf("a refused save emitted %v", types_(evs))
	}
}

func (f *fixture) eventsIn(t testing.TB, app core.App, after int) []*core.Record {
	rows, err := app.FindRecordsByFilter(schema.CollectionEvents, "seq > {:s}", "seq", 0, 0, map[string]any{"s": after})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestTranslationCommentMemberInvitationEvents(t *testing.T) {
	f := newFixture(t)
	src := f.page(t, "en", "guide", "# Guide\n")
	ko := f.page(t, "ko", "guide", "# 안내\n")
	if got := ko.GetString(schema.PageTranslationState); got != schema.TranslationCurrent {
		t.Fatalf("ko state %q", got)
	}
	start := f.lastSeq(t)
	src.Set(schema.PageBody, "# Guide\n\nNew section.\n")
	mustSave(t, f.app, src)
	evs := f.events(t, start)
	if got := types_(evs); !slices.Equal(got, []string{schema.EventPageUpdated, schema.EventTranslationOutdated}) {
		t.Fatalf("source edit: %v", got)
	}
	if evs[1].Record != ko.Id {
		t.Errorf("translation.outdated names %s, want the ko page", evs[1].Record)
	}
	start = f.lastSeq(t)
	ko, _ = f.app.FindRecordById(schema.CollectionPages, ko.Id)
	ko.Set(schema.PageBody, "# 안내\n\n새 절.\n")
	ko.Set(schema.PageSourceRevision, 2)
	mustSave(t, f.app, ko)
	if got := types_(f.events(t, start)); !slices.Equal(got, []string{schema.EventPageUpdated, schema.EventTranslationCurrent}) {
		t.Fatalf("translation brought up to date: %v", got)
	}

	start = f.lastSeq(t)
	c := testappRecord(t, f, schema.CollectionComments, map[string]any{
		schema.CommentPage: src.Id, schema.CommentAuthor: f.users["viewer"].Id, schema.CommentBody: "Nice @[editor]"})
	m := f.member(t, "docs", "stranger", schema.RoleViewer)
	m.Set(schema.MembershipRole, schema.RoleEditor)
	mustSave(t, f.app, m)
	if err := f.app.Delete(m); err != nil {
		t.Fatal(err)
	}
	inv := testappRecord(t, f, schema.CollectionInvitations, map[string]any{
		schema.InvitationSpace: f.spaces["docs"].Id, schema.InvitationEmail: "new@example.com", schema.InvitationRole: schema.RoleViewer,
		schema.InvitationStatus: schema.InvitationPending, schema.InvitationTokenHash: "secret-hash"})
	inv.Set(schema.InvitationStatus, schema.InvitationAccepted)
	mustSave(t, f.app, inv)
	evs = f.events(t, start)
	want := []string{schema.EventCommentCreated, schema.EventMemberJoined, schema.EventMemberRoleChanged,
		schema.EventMemberLeft, schema.EventInvitationAccepted}
	if got := types_(evs); !slices.Equal(got, want) {
		t.Fatalf("events:\n got %v\nwant %v", got, want)
	}
	if evs[0].Record != c.Id || evs[2].Payload["previous_role"] != schema.RoleViewer {
		t.Errorf("payloads: %v / %v", evs[0].Payload, evs[2].Payload)
	}
	member, _ := evs[1].Payload["member"].(map[string]any)
	if member["name"] != "stranger" || member["user"] != f.users["stranger"].Id {
		t.Errorf("member.joined: %v", member)
	}
	// Payloads never carry hidden fields or member emails.
	for _, ev := range f.events(t, 0) {
		raw := jsonString(t, ev.Payload)
		for _, leak := range []string{"secret-hash", "token_hash", "stranger@example.com", "password", "tokenKey"} {
			if strings.Contains(raw, leak) {
				t.Errorf("%s payload carries %q: %s", ev.Type, leak, raw)
			}
		}
	}
}
