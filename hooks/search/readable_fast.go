package search

import (
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// modeledListRule is the pages list rule the migrations set. While the collection carries
// exactly this rule, search decides what the caller may read once per query — the caller's
// memberships are read once — and filters candidates by the pages' own columns (space, status,
// render, publish window), which PocketBase's resolved rule (a join per membership reference,
// built anew for every chunk of candidates) costs several times more to apply. Any other rule (an
// admin edited it in the dashboard) is applied as PocketBase applies it. TestReadFilterIsTheListRule
// proves both give the same pages for every kind of caller and page state.
const modeledListRule = `(status = "published" && render != "never" && (publish_at = "" || publish_at <= @now) && ` +
	`(unpublish_at = "" || unpublish_at > @now) && (space.visibility = "public" || ` +
	`(@request.auth.memberships_via_user.space ?= space))) || ` +
	`(@request.auth.memberships_via_user.space ?= space && (@request.auth.memberships_via_user.role ?= "owner" || ` +
	`@request.auth.memberships_via_user.role ?= "admin" || @request.auth.memberships_via_user.role ?= "editor"))`

// readRule is how one query decides which pages the caller may read: filter, when the list
// rule is the modeled one, or PocketBase's resolution of the rule otherwise. A superuser reads
// everything (filter nil, modeled).
type readRule struct {
	modeled bool
	filter  dbx.Expression
}

// newReadRule decides, once for the query, what the caller may read.
func newReadRule(app core.App, pages *core.Collection, info *core.RequestInfo) (*readRule, error) {
	if info.HasSuperuserAuth() {
		return &readRule{modeled: true}, nil
	}
	if pages.ListRule == nil {
		return nil, ErrSuperusersOnly
	}
	if *pages.ListRule != modeledListRule || fastReadOff {
		return &readRule{}, nil
	}
	roles, err := rolesBySpace(app, info)
	if err != nil {
		return nil, err
	}
	var full, member []any
	for space, rs := range roles {
		member = append(member, space)
		if slices.Contains(rs, schema.RoleOwner) || slices.Contains(rs, schema.RoleAdmin) || slices.Contains(rs, schema.RoleEditor) {
			full = append(full, space)
		}
	}
	col := func(field string) string { return schema.CollectionPages + "." + field }
	now := types.NowDateTime().String()
	visible := dbx.And(
		dbx.HashExp{col(schema.PageStatus): schema.PagePublished},
		dbx.NewExp(fmt.Sprintf("[[%s]] IS NOT {:fr_never}", col(schema.PageRender)), dbx.Params{"fr_never": schema.RenderNever}),
		dbx.NewExp(fmt.Sprintf("([[%[1]s]] = '' OR [[%[1]s]] IS NULL OR [[%[1]s]] <= {:fr_now})", col(schema.PagePublishAt)), dbx.Params{"fr_now": now}),
		dbx.NewExp(fmt.Sprintf("([[%[1]s]] = '' OR [[%[1]s]] IS NULL OR [[%[1]s]] > {:fr_now})", col(schema.PageUnpublishAt)), dbx.Params{"fr_now": now}),
		dbx.Or(
			dbx.NewExp(fmt.Sprintf("[[%s]] IN (SELECT [[id]] FROM {{%s}} WHERE [[%s]] = {:fr_public})",
				col(schema.PageSpace), schema.CollectionSpaces, schema.SpaceVisibility), dbx.Params{"fr_public": schema.VisibilityPublic}),
			dbx.In(col(schema.PageSpace), member...),
		),
	)
	return &readRule{modeled: true, filter: dbx.Or(dbx.In(col(schema.PageSpace), full...), visible)}, nil
}

// apply narrows query (over pages joined to the index) to what the caller may read.
func (r *readRule) apply(app core.App, pages *core.Collection, info *core.RequestInfo, query *dbx.SelectQuery) error {
	if !r.modeled {
		return applyListRule(app, pages, info, query)
	}
	if r.filter != nil {
		query.AndWhere(r.filter)
	}
	return nil
}

// rolesBySpace returns the roles the signed-in user holds, by space (none for a guest or a
// record of another auth collection, as @request.auth.memberships_via_user gives them).
func rolesBySpace(app core.App, info *core.RequestInfo) (map[string][]string, error) {
	out := map[string][]string{}
	if info.Auth == nil || info.Auth.Collection().Name != schema.CollectionUsers {
		return out, nil
	}
	var rows []struct {
		Space string `db:"space"`
		Role  string `db:"role"`
	}
	err := app.DB().Select(schema.MembershipSpace+" AS space", schema.MembershipRole+" AS role").
		From(schema.CollectionMemberships).
		Where(dbx.HashExp{schema.MembershipUser: info.Auth.Id}).All(&rows)
	for _, r := range rows {
		out[r.Space] = append(out[r.Space], r.Role)
	}
	return out, err
}

// fastReadOff makes every query resolve the list rule as PocketBase does, for the tests that
// compare the two.
var fastReadOff = false
