package spaces_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"
	"golang.org/x/crypto/bcrypt"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// The cost of the foundation's API rules at a realistic size: spaces with benchMembers members
// each (drawn from as many users as spaces, each user in benchMembers spaces), one pending
// invitation per space, every tenth space public, and a caller who owns one space, administers a
// second and views a third. Each read a frontend makes on its start page is timed through the
// full router, with the rules as migrated ("caller-join") and with the rules Folio had before
// they joined through the caller's own memberships ("collection-join", rebuilt below), swapped
// on the same seeded app. Every answer is checked, and is the same for both.
//
// The collection-join users list is left out at 2,000 spaces: it pairs every user with every
// membership twice over, and already at 200 spaces (about 1,000 memberships) it runs into PocketBase's
// 30 s query timeout and answers 400 (go test -v lists the cell as skipped).
//
//	go test ./hooks/spaces/ -run '^$' -bench BenchmarkRules
func BenchmarkRules(b *testing.B) {
	for _, spaces := range []int{100, 2000} {
		w := seedBenchWorld(b, spaces, benchMembers)
		variants := []struct {
			name  string
			rules map[string]ruleSet
		}{
			{"collection-join", collectionJoinRules()},
			{"caller-join", w.migrated},
		}
		for _, op := range w.reads(spaces) {
			for _, v := range variants {
				applyRules(b, w, v.rules)
				b.Run(fmt.Sprintf("%d-spaces/%s/%s", spaces, op.name, v.name), func(b *testing.B) {
					if spaces > 200 && op.name == "users-list" && v.name == "collection-join" {
						b.Skip("beyond PocketBase's 30 s query timeout (400) from 200 spaces on")
					}
					for range b.N {
						w.read(b, op)
					}
				})
			}
		}
	}
}

const benchMembers = 5

// ruleSet is a collection's five API rules.
type ruleSet struct{ list, view, create, update, delete *string }

// benchWorld is the seeded app, its router, and the caller with the spaces it belongs to.
type benchWorld struct {
	app      core.App
	h        http.Handler
	auth     string
	owns     string // the space the caller owns (it also administers one and views another)
	migrated map[string]ruleSet
}

// benchRead is one timed request and what its answer must be.
type benchRead struct {
	name, url string
	total     int    // a list's totalItems
	id        string // a view's record id
}

func (w *benchWorld) reads(spaces int) []benchRead {
	inSpace := url.QueryEscape(fmt.Sprintf("%s=%q", schema.MembershipSpace, w.owns))
	return []benchRead{
		// public spaces (every tenth) and the caller's three
		{name: "spaces-list", url: "/api/collections/spaces/records?perPage=50", total: spaces/10 + 3},
		{name: "space-view", url: "/api/collections/spaces/records/" + w.owns, id: w.owns},
		// the space's members and the caller
		{name: "memberships-of-space", url: "/api/collections/memberships/records?perPage=50&filter=" + inSpace, total: benchMembers + 1},
		// the caller and its co-members in three spaces (no overlap by construction)
		{name: "users-list", url: "/api/collections/users/records?perPage=50", total: 3*benchMembers + 1},
		// the invitations of the two spaces the caller manages
		{name: "invitations-list", url: "/api/collections/invitations/records?perPage=50", total: 2},
	}
}

// read sends one request as the caller and checks its answer.
func (w *benchWorld) read(b *testing.B, op benchRead) {
	req := httptest.NewRequest(http.MethodGet, op.url, nil)
	req.Header.Set("Authorization", w.auth)
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", op.name, rec.Code, rec.Body.String())
	}
	var got struct {
		ID         string `json:"id"`
		TotalItems int    `json:"totalItems"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		b.Fatal(err)
	}
	if op.id != "" && got.ID != op.id || op.id == "" && got.TotalItems != op.total {
		b.Fatalf("%s: got id %q, totalItems %d; want id %q, totalItems %d", op.name, got.ID, got.TotalItems, op.id, op.total)
	}
}

// seedBenchWorld saves the world straight through Go in one transaction (Folio's record hooks
// run; request hooks don't). Users share one precomputed password hash: bcrypt per user would
// take minutes.
func seedBenchWorld(b *testing.B, spaces, members int) *benchWorld {
	start := time.Now()
	app := testapp.New(b)
	app.Settings().RateLimits.Enabled = false // one caller sends every request
	w := &benchWorld{app: app, migrated: map[string]ruleSet{}}
	for _, name := range []string{schema.CollectionUsers, schema.CollectionSpaces, schema.CollectionMemberships, schema.CollectionInvitations} {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			b.Fatal(err)
		}
		w.migrated[name] = ruleSet{c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(testapp.TestPassword), bcrypt.MinCost)
	if err != nil {
		b.Fatal(err)
	}
	caller := testapp.CreateUser(b, app, "caller@folio.test", "Caller")
	err = app.RunInTransaction(func(tx core.App) error {
		users := make([]*core.Record, spaces)
		for i := range users {
			if users[i], err = benchSave(tx, schema.CollectionUsers, map[string]any{
				schema.UserEmail: fmt.Sprintf("u%05d@folio.test", i), schema.UserName: fmt.Sprintf("User %d", i),
				schema.UserVerified: true, core.FieldNamePassword: &core.PasswordFieldValue{Hash: string(hash)},
			}); err != nil {
				return err
			}
		}
		roles := []string{schema.RoleOwner, schema.RoleAdmin, schema.RoleEditor, schema.RoleViewer, schema.RoleViewer}
		for i := range spaces {
			visibility := schema.VisibilityPrivate
			if i%10 == 0 {
				visibility = schema.VisibilityPublic
			}
			s, err := benchSave(tx, schema.CollectionSpaces, map[string]any{
				schema.SpaceSlug: fmt.Sprintf("s%05d", i), schema.SpaceName: fmt.Sprintf("Space %d", i),
				schema.SpaceVisibility: visibility, schema.SpaceSourceLocale: "en",
			})
			if err != nil {
				return err
			}
			for k := range members {
				if _, err := benchSave(tx, schema.CollectionMemberships, map[string]any{
					schema.MembershipSpace: s.Id, schema.MembershipUser: users[(members*i+k)%spaces].Id,
					schema.MembershipRole: roles[k%len(roles)],
				}); err != nil {
					return err
				}
			}
			if _, err := benchSave(tx, schema.CollectionInvitations, map[string]any{
				schema.InvitationSpace: s.Id, schema.InvitationEmail: fmt.Sprintf("invitee%05d@folio.test", i),
				schema.InvitationRole: schema.RoleViewer, schema.InvitationStatus: schema.InvitationPending,
				schema.InvitationTokenHash: security.SHA256(fmt.Sprintf("token-%d", i)),
				schema.InvitationExpires:   time.Now().UTC().Add(24 * time.Hour),
			}); err != nil {
				return err
			}
			// spaces 1, 2 and 3 are private; the caller joins them with three different roles
			if i >= 1 && i <= 3 {
				role := []string{schema.RoleOwner, schema.RoleAdmin, schema.RoleViewer}[i-1]
				if _, err := benchSave(tx, schema.CollectionMemberships, map[string]any{
					schema.MembershipSpace: s.Id, schema.MembershipUser: caller.Id, schema.MembershipRole: role,
				}); err != nil {
					return err
				}
				if i == 1 {
					w.owns = s.Id
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatalf("seed: %v", err)
	}
	w.auth = testapp.Token(b, caller)
	w.h = testapp.Handler(b, app)
	b.Logf("seeded %d spaces, %d memberships, %d users in %s", spaces, spaces*members+3, spaces+1, time.Since(start).Round(time.Millisecond))
	return w
}

func benchSave(app core.App, collection string, data map[string]any) (*core.Record, error) {
	c, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(c)
	for k, v := range data {
		if hash, ok := v.(*core.PasswordFieldValue); ok {
			r.SetRaw(k, hash) // Set would hash it again
			continue
		}
		r.Set(k, v)
	}
	if err := app.Save(r); err != nil {
		return nil, fmt.Errorf("save %s: %w", collection, err)
	}
	return r, nil
}

// applyRules replaces the rules of the collections in rules, on the seeded app.
func applyRules(b *testing.B, w *benchWorld, rules map[string]ruleSet) {
	for name, r := range rules {
		c, err := w.app.FindCollectionByNameOrId(name)
		if err != nil {
			b.Fatal(err)
		}
		c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = r.list, r.view, r.create, r.update, r.delete
		if err := w.app.Save(c); err != nil {
			b.Fatalf("%s rules: %v", name, err)
		}
	}
}

// collectionJoinRules are the foundation's rules as first written: membership tests through
// @collection.memberships:alias, which PocketBase joins with no ON clause, so that every alias
// multiplies the rows scanned by every membership in the database. Kept to measure against.
func collectionJoinRules() map[string]ruleSet {
	member := func(alias, space string, roles ...string) string {
		m := "@collection.memberships:" + alias
		rule := fmt.Sprintf("%s.space ?= %s && %s.user ?= @request.auth.id", m, space, m)
		if len(roles) == 0 {
			return rule
		}
		parts := make([]string, len(roles))
		for i, r := range roles {
			parts[i] = fmt.Sprintf("%s.role ?= %q", m, r)
		}
		return fmt.Sprintf("%s && (%s)", rule, strings.Join(parts, " || "))
	}
	p := types.Pointer[string]
	managers := []string{schema.RoleOwner, schema.RoleAdmin}
	spacesRead := p(`visibility = "public" || (` + member("m", "id") + ")")
	users := p("id = @request.auth.id || (@collection.memberships:them.user ?= id && @collection.memberships:me.user ?= @request.auth.id && " +
		"@collection.memberships:them.space ?= @collection.memberships:me.space)")
	membershipsRead := p("user = @request.auth.id || (" + member("mine", "space") + ")")
	manager := member("mine", "space", managers...)
	invitationsRead := p("(" + manager + `) || (@request.auth.verified = true && email = @request.auth.email)`)
	return map[string]ruleSet{
		schema.CollectionSpaces: {spacesRead, spacesRead, p(`@request.auth.collectionName = "users"`),
			p(member("m", "id", managers...)), p(member("m", "id", schema.RoleOwner))},
		schema.CollectionUsers: {users, users, p(""), p("id = @request.auth.id"), nil},
		schema.CollectionMemberships: {membershipsRead, membershipsRead, p(member("mine", "@request.body.space", managers...)),
			p("@request.body.space:changed = false && @request.body.user:changed = false && " + manager),
			p("user = @request.auth.id || (" + manager + ")")},
		schema.CollectionInvitations: {invitationsRead, invitationsRead, p(member("mine", "@request.body.space", managers...)), nil, p(manager)},
	}
}
