package fanout

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Folio's read rule of pages, and of the collections that hang off a page (revisions,
// page_links, comments, through their page relation), is: editors and above of the page's space
// always; its viewers, and guests when the space is public, while the page is published and
// inside its publish window and not rendered "never". An audience holds what that rule reads for one page — the page's
// state, its space's visibility and the space's memberships, one query each — so that it is
// decided for every subscriber by a map lookup.

// writers are the roles that see a page in every state.
var writers = []string{schema.RoleOwner, schema.RoleAdmin, schema.RoleEditor}

// audience is what the read rule of one page depends on.
type audience struct {
	live   bool
	public bool
	// roles maps each member of the page's space to its role; a user listed in ambiguous holds
	// more than one membership there and is decided by PocketBase.
	roles     map[string]string
	ambiguous map[string]bool
}

// loadAudience reads the page's space and its memberships and decides the page's window at now.
func loadAudience(app core.App, page *core.Record, now time.Time) (*audience, error) {
	space, err := app.FindRecordById(schema.CollectionSpaces, page.GetString(schema.PageSpace))
	if err != nil {
		return nil, fmt.Errorf("the page's space: %w", err)
	}
	a := &audience{
		live:      isLive(page, now),
		public:    space.GetString(schema.SpaceVisibility) == schema.VisibilityPublic,
		roles:     map[string]string{},
		ambiguous: map[string]bool{},
	}
	var rows []struct {
		User string `db:"user"`
		Role string `db:"role"`
	}
	err = app.DB().Select(schema.MembershipUser+" AS user", schema.MembershipRole+" AS role").
		From(schema.CollectionMemberships).
		Where(dbx.HashExp{schema.MembershipSpace: space.Id}).
		All(&rows)
	if err != nil {
		return nil, fmt.Errorf("the space's memberships: %w", err)
	}
	for _, r := range rows {
		if _, ok := a.roles[r.User]; ok {
			a.ambiguous[r.User] = true
		}
		a.roles[r.User] = r.Role
	}
	return a, nil
}

// isLive is the rule's published, rendered and window conditions, the dates compared as SQLite
// compares them: the stored date strings against @now
// written the same way.
func isLive(page *core.Record, now time.Time) bool {
	if page.GetString(schema.PageStatus) != schema.PagePublished || page.GetString(schema.PageRender) == schema.RenderNever {
		return false
	}
	stamp, _ := types.ParseDateTime(now.UTC())
	at := stamp.String()
	from, until := page.GetString(schema.PagePublishAt), page.GetString(schema.PageUnpublishAt)
	return (from == "" || from <= at) && (until == "" || until > at)
}

// caller is a subscriber as the rule sees it.
type caller int

const (
	callerGuest caller = iota // no auth record
	callerUser                // a users record
	callerOther               // a superuser or another auth collection: PocketBase decides
)

// classify tells what kind of caller auth is.
func classify(auth *core.Record) caller {
	switch {
	case auth == nil:
		return callerGuest
	case auth.Collection().Name == schema.CollectionUsers:
		return callerUser
	}
	return callerOther
}

// decide reports whether auth may read the page, and whether the audience models auth at all.
// The view it returns names what the caller is to the page's space (what an event's payload may
// depend on): "guest", "user:" plus its role, or "user:" for a user with no membership.
func (a *audience) decide(auth *core.Record) (visible bool, view string, modelled bool) {
	switch classify(auth) {
	case callerGuest:
		return a.live && a.public, "guest", true
	case callerUser:
		if a.ambiguous[auth.Id] {
			return false, "", false
		}
		role, member := a.roles[auth.Id]
		return (a.live && (a.public || member)) || slices.Contains(writers, role), "user:" + role, true
	}
	return false, "", false
}

// memberRule and pageReadRule write the rule the audience models, as Folio's migrations set it
// (migrations/rules.go, the pages rules migration, and the navigation migration's render
// condition); modelledRule compares it with the
// collection's live rules, so that a rule changed in the dashboard sends that collection back to
// PocketBase's path.
func memberRule(spaceExpr string, roles ...string) string {
	m := fmt.Sprintf("@request.auth.%s_via_%s", schema.CollectionMemberships, schema.MembershipUser)
	rule := fmt.Sprintf("%s.%s ?= %s", m, schema.MembershipSpace, spaceExpr)
	if len(roles) == 0 {
		return rule
	}
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = fmt.Sprintf("%s.%s ?= %q", m, schema.MembershipRole, r)
	}
	return fmt.Sprintf("%s && (%s)", rule, strings.Join(parts, " || "))
}

func pageReadRule(prefix string) string {
	p := func(field string) string { return prefix + field }
	live := fmt.Sprintf(`%s = %q && %s != %q && (%s = "" || %s <= @now) && (%s = "" || %s > @now)`,
		p(schema.PageStatus), schema.PagePublished, p(schema.PageRender), schema.RenderNever,
		p(schema.PagePublishAt), p(schema.PagePublishAt),
		p(schema.PageUnpublishAt), p(schema.PageUnpublishAt))
	audience := fmt.Sprintf(`%s.%s = %q || (%s)`,
		p(schema.PageSpace), schema.SpaceVisibility, schema.VisibilityPublic,
		memberRule(p(schema.PageSpace)))
	return fmt.Sprintf("(%s && (%s)) || (%s)", live, audience, memberRule(p(schema.PageSpace), writers...))
}

// pageField is, for each collection the fan-out models, the relation to its page ("" for pages).
var pageField = map[string]string{
	schema.CollectionPages:     "",
	schema.CollectionRevisions: schema.RevisionPage,
	schema.CollectionComments:  schema.CommentPage,
	schema.CollectionPageLinks: schema.PageLinkPage,
}

// modelledRule reports whether c's list and view rules are the read rule the audience decides.
func modelledRule(c *core.Collection) bool {
	field, ok := pageField[c.Name]
	if !ok || c.ListRule == nil || c.ViewRule == nil {
		return false
	}
	prefix := ""
	if field != "" {
		prefix = field + "."
	}
	want := pageReadRule(prefix)
	return *c.ListRule == want && *c.ViewRule == want
}
