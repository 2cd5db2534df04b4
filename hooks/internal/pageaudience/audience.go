// Package pageaudience decides Folio's read rule of pages — and of the collections that hang off
// a page (revisions, page_links, comments, redirects, through their page relation) — for many callers at
// once. The rule: editors and above of the page's space always; its viewers, and guests when the
// space is public, while the page is published, not rendered "never" and inside its publish
// window. A Space holds what the rule reads of the page's space (its visibility and its
// memberships, two queries); each caller is then a map lookup.
package pageaudience

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

// writers are the roles that see a page in every state.
var writers = []string{schema.RoleOwner, schema.RoleAdmin, schema.RoleEditor}

// Space is what the read rule depends on in a page's space.
type Space struct {
	public bool
	// roles maps each member of the space to its role; a user listed in ambiguous holds more
	// than one membership there and is not decided here.
	roles     map[string]string
	ambiguous map[string]bool
}

// LoadSpace reads the space's visibility and its memberships.
func LoadSpace(app core.App, spaceID string) (*Space, error) {
	space, err := app.FindRecordById(schema.CollectionSpaces, spaceID)
	if err != nil {
		return nil, fmt.Errorf("the page's space: %w", err)
	}
	s := &Space{
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
		if _, ok := s.roles[r.User]; ok {
			s.ambiguous[r.User] = true
		}
		s.roles[r.User] = r.Role
	}
	return s, nil
}

// Live is the rule's published, rendered and window conditions for page at now, the dates
// compared as SQLite compares the stored strings with @now.
func Live(page *core.Record, now time.Time) bool {
	if page.GetString(schema.PageStatus) != schema.PagePublished || page.GetString(schema.PageRender) == schema.RenderNever {
		return false
	}
	stamp, _ := types.ParseDateTime(now.UTC())
	at := stamp.String()
	from, until := page.GetString(schema.PagePublishAt), page.GetString(schema.PageUnpublishAt)
	return (from == "" || from <= at) && (until == "" || until > at)
}

// Decide reports whether auth may read a page of the space that is live or not, and whether
// the space models auth at all (a superuser, another auth collection or a user with two
// memberships is not). The view names what the caller is to the space, what an event's payload
// may depend on: "guest", or "user:" and its role ("user:" for a user with no membership).
func (s *Space) Decide(live bool, auth *core.Record) (visible bool, view string, modelled bool) {
	switch {
	case auth == nil:
		return live && s.public, "guest", true
	case auth.Collection().Name == schema.CollectionUsers:
		if s.ambiguous[auth.Id] {
			return false, "", false
		}
		role, member := s.roles[auth.Id]
		return (live && (s.public || member)) || slices.Contains(writers, role), "user:" + role, true
	}
	return false, "", false
}

// Modelled reports whether auth is a caller Decide can model (a guest or a users record).
func Modelled(auth *core.Record) bool {
	return auth == nil || auth.Collection().Name == schema.CollectionUsers
}

// PageField is, for each collection whose read rule is its page's, the relation to the page
// ("" for pages).
var PageField = map[string]string{
	schema.CollectionPages:     "",
	schema.CollectionRevisions: schema.RevisionPage,
	schema.CollectionComments:  schema.CommentPage,
	schema.CollectionPageLinks: schema.PageLinkPage,
	schema.CollectionRedirects: schema.RedirectPage,
}

// ModelledRule reports whether c's list and view rules are the read rule this package decides,
// as Folio's migrations write it (migrations/rules.go, the pages rules migration and the
// navigation migration's render condition): a rule changed in the dashboard is not.
func ModelledRule(c *core.Collection) bool {
	field, ok := PageField[c.Name]
	if !ok || c.ListRule == nil || c.ViewRule == nil {
		return false
	}
	prefix := ""
	if field != "" {
		prefix = field + "."
	}
	want := readRule(prefix)
	return *c.ListRule == want && *c.ViewRule == want
}

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

func readRule(prefix string) string {
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

// Decided reports whether Decide models every user of the space (no user holds two
// memberships there).
func (s *Space) Decided() bool {
	return len(s.ambiguous) == 0
}
