package readguard_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/security"

	"folio/hooks"
	"folio/hooks/events"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// The differential worlds. Each caller role gets a pair of databases, A and B, that hold the
// same records in everything that role may read and differ in everything it may not: the
// content and the existence of drafts, future and expired pages (with their revisions, links
// and comments), everything of the private space Q and of a space R that only exists in B,
// every other user's email, verification, email visibility, locale and creation time, every
// other user's sessions and audit events, and the invitations of space P. A is the same for
// every role; B_role puts "bravo" wherever A says "alpha", for the parts role may not read.
//
// The world: space P (public) with owner, admin, editor and viewer; space Q (private) owned by
// "other", with "ghost" as a viewer; "stranger" belongs to no space. P holds two live pages
// (guide links to guide-two and to drafts/target; guide-two includes the draft, the future and
// the expired page and drafts/target), a draft, a future and an expired page, and Korean
// translations: of guide (live), of draft (a draft) and of guide-two (scheduled); a draft Korean
// translation of future exists in A only, one of expired in B only; drafts/target (A) and
// drafts/extra (B) were moved there, so each side holds a redirect to a draft the other lacks;
// A holds one more draft, drafts/second, so that a count of hidden pages differs;
// drafts/target is a draft that exists in A only (for the roles that may not see drafts, B has
// a broken link there instead). Ids and timestamps are the same in A and B for the same record.

// roles are the callers of the differential test; "other" owns the private space Q.
var roles = []string{"guest", "stranger", "other", "viewer", "editor", "admin", "owner"}

// userKeys are the users of the world: every role but the guest, and ghost (a member of Q).
var userKeys = []string{"owner", "admin", "editor", "viewer", "other", "stranger", "ghost"}

func seesDrafts(role string) bool       { return role == "editor" || role == "admin" || role == "owner" }
func seesQ(role string) bool            { return role == "other" }
func seesInvitationsP(role string) bool { return role == "admin" || role == "owner" }

// fid is the fixed 15-character id of a fixture.
func fid(name string) string {
	id := strings.ReplaceAll(name, "-", "")
	return (id + "000000000000000")[:15]
}

// world is one seeded database of a pair.
type world struct {
	app     *tests.TestApp
	h       http.Handler
	tokens  map[string]string // role → Authorization header ("" for the guest)
	variant string            // "alpha" in A; "bravo" in B for what the role may not read
	role    string            // the role B was made for ("" for A)
	ids     *idSequence
	now     time.Time
}

// idSequence hands out deterministic ids to records created without one, so that A and B give
// the same record the same id: per collection, in creation order, within a named phase.
type idSequence struct {
	phase string
	next  map[string]int
}

// contentID is an id made of parts.
func contentID(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:])[:15]
}

func (s *idSequence) setPhase(p string) { s.phase, s.next = p, map[string]int{} }

func (s *idSequence) id(collection string) string {
	s.next[collection]++
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%s/%d", s.phase, collection, s.next[collection])))
	return hex.EncodeToString(sum[:])[:15]
}

// word is the secret word of a part of the world hidden from the pair's role.
func (w *world) word(hidden bool) string {
	if hidden {
		return w.variant
	}
	return "alpha"
}

// newWorld seeds one database. role "" with variant "alpha" is A; B_role is variant "bravo".
func newWorld(t testing.TB, role, variant string, now time.Time) *world {
	t.Helper()
	app := newApp(t)
	w := &world{app: app, tokens: map[string]string{}, variant: variant, role: role,
		ids: &idSequence{}, now: now}
	w.ids.setPhase("base")
	app.OnRecordCreate().Bind(&hook.Handler[*core.RecordEvent]{
		Priority: -10000,
		Func: func(e *core.RecordEvent) error {
			if e.Record.Id == "" {
				e.Record.Id = w.ids.id(e.Record.Collection().Name)
				if e.Record.Collection().Name == schema.CollectionPageLinks {
					// links are written in map order: name them by what they are
					e.Record.Id = contentID(e.Record.GetString(schema.PageLinkPage), e.Record.GetString(schema.PageLinkHref))
				}
			}
			return e.Next()
		},
	})
	w.seed(t)
	// the seed's events become notifications and deliveries now, not whenever the worker that
	// the handler starts gets to them, so both sides hold the same rows before any request
	if _, err := events.Dispatch(app); err != nil {
		t.Fatal(err)
	}
	w.ids.setPhase("after-seed")
	w.normalize(t)
	for _, r := range roles {
		if r == "guest" {
			continue
		}
		u, err := app.FindRecordById(schema.CollectionUsers, fid("u"+r))
		if err != nil {
			t.Fatal(err)
		}
		w.tokens[r] = testapp.Token(t, u)
	}
	w.h = testapp.Handler(t, app)
	return w
}

var (
	templateOnce sync.Once
	templateDir  string
	openApps     []*tests.TestApp
)

// newApp is a fresh Folio app like testapp.New, copied from a migrated template made once per
// test binary (eight worlds are seeded; migrating each would take most of the test's time).
func newApp(t testing.TB) *tests.TestApp {
	t.Helper()
	templateOnce.Do(func() {
		dir, err := os.MkdirTemp("", "folio-readguard-")
		if err != nil {
			t.Fatal(err)
		}
		base := testapp.NewUnmanaged(t)
		defer base.Cleanup()
		for _, db := range []struct {
			db   dbx.Builder
			file string
		}{{base.NonconcurrentDB(), "data.db"}, {base.AuxNonconcurrentDB(), "auxiliary.db"}} {
			if _, err := db.db.NewQuery("VACUUM INTO {:f}").Bind(dbx.Params{"f": filepath.Join(dir, db.file)}).Execute(); err != nil {
				t.Fatal(err)
			}
		}
		templateDir = dir
	})
	app, err := tests.NewTestApp(templateDir)
	if err != nil {
		t.Fatal(err)
	}
	// the worlds outlive the test that seeds them: TestMain cleans them up
	openApps = append(openApps, app)
	if err := hooks.Register(app); err != nil {
		t.Fatal(err)
	}
	return app
}

// TestMain removes the worlds and the template database after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, app := range openApps {
		app.Cleanup()
	}
	if templateDir != "" {
		_ = os.RemoveAll(templateDir)
	}
	os.Exit(code)
}

// private reports whether the private fields of user key are hidden from the pair's role.
func (w *world) private(key string) bool { return w.variant != "alpha" && key != w.role }

func (w *world) seed(t testing.TB) {
	t.Helper()
	hideDrafts := w.variant != "alpha" && !seesDrafts(w.role)
	hideQ := w.variant != "alpha" && !seesQ(w.role)
	hideInv := w.variant != "alpha" && !seesInvitationsP(w.role)

	users, _ := w.app.FindCollectionByNameOrId(schema.CollectionUsers)
	for _, key := range userKeys {
		u := core.NewRecord(users)
		u.Id = fid("u" + key)
		u.SetPassword(testapp.TestPassword)
		u.Set(schema.UserName, "Name "+key)
		u.SetEmail(key + "@example.com")
		u.SetVerified(true)
		u.SetEmailVisibility(false)
		u.Set(schema.UserLocale, "en")
		if w.private(key) {
			u.SetEmail(key + ".b@example.org")
			u.SetVerified(false)
			u.SetEmailVisibility(true)
			u.Set(schema.UserLocale, "ko")
		}
		if err := w.app.Save(u); err != nil {
			t.Fatalf("user %s: %v", key, err)
		}
	}
	for _, key := range userKeys {
		w.session(t, key, fid("s"+key))
	}

	w.create(t, schema.CollectionSpaces, map[string]any{"id": fid("spacep"), schema.SpaceSlug: "p", schema.SpaceName: "Space P",
		schema.SpaceDescription: "the public space", schema.SpaceVisibility: schema.VisibilityPublic, schema.SpaceSourceLocale: "en",
		schema.SpaceLocales: []string{"ko"}})
	w.create(t, schema.CollectionSpaces, map[string]any{"id": fid("spaceq"), schema.SpaceSlug: "q", schema.SpaceName: "Space Q " + w.word(hideQ),
		schema.SpaceDescription: w.word(hideQ) + " private space", schema.SpaceVisibility: schema.VisibilityPrivate, schema.SpaceSourceLocale: "en"})
	for _, m := range [][3]string{{"p", "owner", schema.RoleOwner}, {"p", "admin", schema.RoleAdmin}, {"p", "editor", schema.RoleEditor},
		{"p", "viewer", schema.RoleViewer}, {"q", "other", schema.RoleOwner}, {"q", "ghost", schema.RoleViewer}} {
		role := m[2]
		if m[1] == "ghost" && hideQ {
			role = schema.RoleEditor
		}
		w.create(t, schema.CollectionMemberships, map[string]any{"id": fid("m" + m[0] + m[1]), schema.MembershipSpace: fid("space" + m[0]),
			schema.MembershipUser: fid("u" + m[1]), schema.MembershipRole: role})
	}
	invEmail, invRole := "invitee@example.com", schema.RoleEditor
	if hideInv {
		invEmail, invRole = "invitee.b@example.org", schema.RoleViewer
	}
	w.create(t, schema.CollectionInvitations, map[string]any{"id": fid("invp"), schema.InvitationSpace: fid("spacep"),
		schema.InvitationEmail: invEmail, schema.InvitationRole: invRole, schema.InvitationTokenHash: security.SHA256("token-p"),
		schema.InvitationStatus: schema.InvitationPending, schema.InvitationExpires: w.now.Add(7 * 24 * time.Hour)})

	hour := time.Hour
	w.page(t, "guide", "p", "guide", "Guide", "# Guide\n\nSee [the target](/drafts/target) and [the second guide](/guide-two).\n", schema.PagePublished, 0, 0, "owner")
	w.page(t, "guidetwo", "p", "guide-two", "Second guide", "# Second\n\nBack to [the guide](/guide).\n\n"+
		"{{< include \"/draft\" >}}\n\n{{< include \"/future\" >}}\n\n{{< include \"/expired\" >}}\n\n{{< include \"/drafts/target\" >}}\n", schema.PagePublished, 0, 0, "editor")
	d := w.word(hideDrafts)
	w.page(t, "draft", "p", "draft", d+" draft title", d+" draft body with [the guide](/guide)\n", schema.PageDraft, 0, 0, "editor")
	w.page(t, "future", "p", "future", d+" future title", d+" future body\n", schema.PagePublished, 365*24*hour, 0, "editor")
	w.page(t, "expired", "p", "expired", d+" expired title", d+" expired body\n", schema.PagePublished, 0, -365*24*hour, "editor")
	w.pageIn(t, "ko", "koguide", "p", "guide", "가이드", "# 가이드\n\n[두 번째 가이드](/guide-two)와 [초안](/draft).\n", schema.PagePublished, 0, 0, "editor")
	w.pageIn(t, "ko", "kodraft", "p", "draft", d+" ko draft title", d+" ko draft body\n", schema.PageDraft, 0, 0, "editor")
	w.pageIn(t, "ko", "kofuture", "p", "guide-two", d+" ko future title", d+" ko future body\n", schema.PagePublished, 365*24*hour, 0, "editor")
	q := w.word(hideQ)
	w.page(t, "qpage", "q", "q-page", q+" q title", q+" q body with [a hidden page](/q-hidden)\n", schema.PagePublished, 0, 0, "other")

	w.comment(t, "cguide", "guide", "", "viewer", "a reader's note")
	w.comment(t, "creply", "guide", "cguide", "editor", "a reply")
	w.comment(t, "cdraft", "draft", "", "editor", d+" draft comment")
	w.comment(t, "cqpage", "qpage", "", "other", q+" q comment")

	// Records that exist on one side only come last, so that they shift no id or rowid of a
	// record both sides share.
	w.ids.setPhase("extras")
	if !hideDrafts {
		w.page(t, "target", "p", "drafts/old-target", "alpha target", "alpha target body\n", schema.PageDraft, 0, 0, "editor")
		w.move(t, "target", "drafts/target")
		// one hidden page more in A than in B, so that a count of hidden pages shows
		w.page(t, "second", "p", "drafts/second", "alpha second", "alpha second body\n", schema.PageDraft, 0, 0, "editor")
		w.pageIn(t, "ko", "kofutureen", "p", "future", "alpha ko future", "alpha ko future body\n", schema.PageDraft, 0, 0, "editor")
	}
	if hideDrafts {
		w.page(t, "extra", "p", "drafts/old-extra", "bravo extra", "bravo extra body\n", schema.PageDraft, 0, 0, "editor")
		w.move(t, "extra", "drafts/extra")
		w.pageIn(t, "ko", "koexpired", "p", "expired", "bravo ko expired", "bravo ko expired body\n", schema.PageDraft, 0, 0, "editor")
		w.comment(t, "cextra", "extra", "", "editor", "bravo extra comment")
	}
	if hideQ {
		w.page(t, "qextra", "q", "q-extra", "bravo q extra", "bravo q extra body\n", schema.PageDraft, 0, 0, "other")
		w.create(t, schema.CollectionSpaces, map[string]any{"id": fid("spacer"), schema.SpaceSlug: "r", schema.SpaceName: "Space R bravo",
			schema.SpaceVisibility: schema.VisibilityPrivate, schema.SpaceSourceLocale: "en"})
		w.create(t, schema.CollectionMemberships, map[string]any{"id": fid("mrghost"), schema.MembershipSpace: fid("spacer"),
			schema.MembershipUser: fid("ughost"), schema.MembershipRole: schema.RoleOwner})
		w.create(t, schema.CollectionInvitations, map[string]any{"id": fid("invq"), schema.InvitationSpace: fid("spaceq"),
			schema.InvitationEmail: "bravo@example.org", schema.InvitationRole: schema.RoleViewer, schema.InvitationTokenHash: security.SHA256("token-q"),
			schema.InvitationStatus: schema.InvitationPending, schema.InvitationExpires: w.now.Add(7 * 24 * time.Hour)})
	}
	for _, key := range userKeys {
		if w.private(key) {
			w.session(t, key, fid("sx"+key))
		}
	}
}

func (w *world) create(t testing.TB, collection string, data map[string]any) *core.Record {
	t.Helper()
	return testapp.CreateRecord(t, w.app, collection, data)
}

func (w *world) page(t testing.TB, name, space, path, title, body, status string, publishIn, unpublishIn time.Duration, author string) {
	t.Helper()
	w.pageIn(t, "en", name, space, path, title, body, status, publishIn, unpublishIn, author)
}

// move saves the page named name at path: its old address becomes a redirect.
func (w *world) move(t testing.TB, name, path string) {
	t.Helper()
	page, err := w.app.FindRecordById(schema.CollectionPages, fid("pg"+name))
	if err != nil {
		t.Fatal(err)
	}
	page.Set(schema.PagePath, path)
	if err := w.app.Save(page); err != nil {
		t.Fatal(err)
	}
}

// pageIn is page in another locale than the source's: a translation when the source has a page
// at path.
func (w *world) pageIn(t testing.TB, locale, name, space, path, title, body, status string, publishIn, unpublishIn time.Duration, author string) {
	t.Helper()
	data := map[string]any{"id": fid("pg" + name), schema.PageSpace: fid("space" + space), schema.PageLocale: locale,
		schema.PagePath: path, schema.PageTitle: title, schema.PageDescription: title + " description",
		schema.PageBody: body, schema.PageTags: []string{strings.Fields(title)[0], "docs"}, schema.PageStatus: status,
		schema.PageAuthor: fid("u" + author), schema.PageEditor: fid("u" + author)}
	if publishIn != 0 {
		data[schema.PagePublishAt] = w.now.Add(publishIn)
	}
	if unpublishIn != 0 {
		data[schema.PageUnpublishAt] = w.now.Add(unpublishIn)
	}
	w.create(t, schema.CollectionPages, data)
}

func (w *world) comment(t testing.TB, name, page, parent, author, body string) {
	t.Helper()
	data := map[string]any{"id": fid("c" + name), schema.CommentPage: fid("pg" + page),
		schema.CommentAuthor: fid("u" + author), schema.CommentBody: body}
	if parent != "" {
		data[schema.CommentParent] = fid("c" + parent)
	}
	w.create(t, schema.CollectionComments, data)
}

func (w *world) session(t testing.TB, key, id string) {
	t.Helper()
	ua := "UA alpha " + key
	if w.private(key) {
		ua = "UA bravo " + key
	}
	w.create(t, schema.CollectionSessions, map[string]any{"id": id, schema.SessionUser: fid("u" + key),
		schema.SessionMethod: schema.SessionMethodPassword, schema.SessionIP: "10.1.0.1", schema.SessionUserAgent: ua,
		schema.SessionClient: "Firefox", schema.SessionOS: "Linux", schema.SessionDevice: "desktop",
		schema.SessionLastActive: w.now, schema.SessionIdleExpires: w.now.Add(time.Hour), schema.SessionExpires: w.now.Add(2 * time.Hour)})
}

// renumberEvents gives the outbox rows, which are inserted with random ids, ids made of their
// sequence number, in the outbox and in the notifications and deliveries that name them.
func (w *world) renumberEvents(t testing.TB) {
	t.Helper()
	db := w.app.NonconcurrentDB()
	// the rows that name an event hold its id as text
	refs := []string{schema.CollectionNotifications + "." + schema.NotificationEvent,
		schema.CollectionDeliveries + "." + schema.DeliveryEvent}
	var rows []struct {
		Id  string `db:"id"`
		Seq int    `db:"seq"`
	}
	if err := db.Select("id", schema.EventSeq+" AS seq").From(schema.CollectionEvents).All(&rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		id := contentID("event", fmt.Sprint(r.Seq))
		if _, err := db.Update(schema.CollectionEvents, dbx.Params{"id": id}, dbx.HashExp{"id": r.Id}).Execute(); err != nil {
			t.Fatal(err)
		}
		for _, ref := range refs {
			table, field, _ := strings.Cut(ref, ".")
			if _, err := db.Update(table, dbx.Params{field: id}, dbx.HashExp{field: r.Id}).Execute(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// normalize gives every record the same timestamps in A and B (a function of its id; other
// users' creation times move by a day in B), and replaces the audit trail, whose hash chain
// holds wall-clock times, by one fixed event per user.
func (w *world) normalize(t testing.TB) {
	t.Helper()
	db := w.app.NonconcurrentDB()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	stamp := func(id string, shift time.Duration) string {
		sum := sha256.Sum256([]byte(id))
		s := time.Duration(int(sum[0])<<8|int(sum[1])) * time.Second
		return base.Add(s + shift).Format("2006-01-02 15:04:05.000Z")
	}
	w.renumberEvents(t)
	all, err := w.app.FindAllCollections(core.CollectionTypeBase, core.CollectionTypeAuth)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if c.System {
			continue
		}
		name := c.Name
		var ids []string
		if err := db.Select("id").From(name).Column(&ids); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			set := dbx.Params{}
			for _, f := range []string{"created", "updated"} {
				if c.Fields.GetByName(f) == nil {
					continue
				}
				shift := time.Duration(0)
				if name == schema.CollectionUsers && w.variant != "alpha" && id != fid("u"+w.role) {
					shift = 24 * time.Hour
				}
				set[f] = stamp(id, shift)
			}
			if len(set) == 0 {
				continue
			}
			if _, err := db.Update(name, set, dbx.HashExp{"id": id}).Execute(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.NewQuery("UPDATE sessions SET revoked_at = {:t} WHERE revoked_at != ''").Bind(dbx.Params{"t": stamp("revoked", 0)}).Execute(); err != nil {
		t.Fatal(err)
	}
	// page links are written in map order: store them in id order, as both sides then do
	for _, q := range []string{
		"CREATE TEMP TABLE links_sorted AS SELECT * FROM page_links ORDER BY id",
		"DELETE FROM page_links", "INSERT INTO page_links SELECT * FROM links_sorted", "DROP TABLE links_sorted",
	} {
		if _, err := db.NewQuery(q).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.NewQuery("DELETE FROM " + schema.CollectionAuditEvents).Execute(); err != nil {
		t.Fatal(err)
	}
	for i, key := range userKeys {
		ua := "UA alpha " + key
		if w.private(key) {
			ua = "UA bravo " + key
		}
		_, err := db.Insert(schema.CollectionAuditEvents, dbx.Params{
			"id": fid("ae" + key), schema.AuditSeq: i + 1, schema.AuditAction: schema.ActionSignIn,
			schema.AuditActor: fid("u" + key), schema.AuditActorCollection: schema.CollectionUsers, schema.AuditUser: fid("u" + key),
			schema.AuditTarget: "", schema.AuditIP: "10.1.0.1", schema.AuditUserAgent: ua, schema.AuditSession: fid("s" + key),
			schema.AuditData: "{}", schema.AuditPrevHash: fid("ph" + key), schema.AuditHash: fid("h" + key), schema.AuditCreated: stamp(key, 0),
		}).Execute()
		if err != nil {
			t.Fatal(err)
		}
	}
}
