package navigation

import (
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// pagesReadRule is the pages list and view rule the migrations set. While the collection
// carries exactly this rule, navigation decides what a caller may read in a space without
// evaluating it per row: the caller's role in the space is read once, then the pages are
// filtered by their own columns (status, render, publish window). Any other rule (an admin
// edited it in the dashboard) is applied as PocketBase applies it, in the query.
const pagesReadRule = `(status = "published" && render != "never" && (publish_at = "" || publish_at <= @now) && ` +
	`(unpublish_at = "" || unpublish_at > @now) && (space.visibility = "public" || ` +
	`(@request.auth.memberships_via_user.space ?= space))) || ` +
	`(@request.auth.memberships_via_user.space ?= space && (@request.auth.memberships_via_user.role ?= "owner" || ` +
	`@request.auth.memberships_via_user.role ?= "admin" || @request.auth.memberships_via_user.role ?= "editor"))`

// findReadableRows returns the pages of space matching where that the caller may view: the same
// rows as findReadableRowsByRule (readable_fast_test.go proves it for every role and page state),
// decided from the caller's membership in space read once.
func findReadableRows(app core.App, info *core.RequestInfo, space *core.Record, where dbx.Expression) ([]pageRow, error) {
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return nil, err
	}
	if !modelsReadRule(col) {
		return findReadableRowsByRule(app, info, where)
	}
	filter, ok, err := readFilter(app, info, space)
	if err != nil || !ok {
		return []pageRow{}, err
	}
	cols := make([]string, len(rowColumns))
	for i, c := range rowColumns {
		cols[i] = col.Name + "." + c
	}
	q := app.DB().Select(cols...).From(col.Name).AndWhere(where)
	if filter != nil {
		q.AndWhere(filter)
	}
	return scanRows(q)
}

// modelsReadRule reports whether the pages collection's list and view rules are the ones
// navigation's fast filter models.
func modelsReadRule(col *core.Collection) bool {
	return col.ViewRule != nil && *col.ViewRule == pagesReadRule && col.ListRule != nil && *col.ListRule == pagesReadRule
}

// readFilter is the condition pagesReadRule comes to for the caller in space: nil for a
// superuser or an owner, admin or editor of the space (every page), the published and
// rendered pages inside their publish window for a member of another role or — in a public
// space — anyone; ok is false when the caller may read no page of the space at all.
func readFilter(app core.App, info *core.RequestInfo, space *core.Record) (dbx.Expression, bool, error) {
	if info.HasSuperuserAuth() {
		return nil, true, nil
	}
	roles, err := rolesIn(app, info, space.Id)
	if err != nil {
		return nil, false, err
	}
	for _, r := range []string{schema.RoleOwner, schema.RoleAdmin, schema.RoleEditor} {
		if slices.Contains(roles, r) {
			return nil, true, nil
		}
	}
	if len(roles) == 0 && !schema.AsSpace(space).IsPublic() {
		return nil, false, nil
	}
	now := types.NowDateTime().String()
	return dbx.And(
		dbx.HashExp{schema.CollectionPages + "." + schema.PageStatus: schema.PagePublished},
		dbx.NewExp("[[pages.render]] IS NOT {:nav_never}", dbx.Params{"nav_never": schema.RenderNever}),
		dbx.NewExp("([[pages.publish_at]] = '' OR [[pages.publish_at]] IS NULL OR [[pages.publish_at]] <= {:nav_now})", dbx.Params{"nav_now": now}),
		dbx.NewExp("([[pages.unpublish_at]] = '' OR [[pages.unpublish_at]] IS NULL OR [[pages.unpublish_at]] > {:nav_now})", dbx.Params{"nav_now": now}),
	), true, nil
}

// rolesIn returns the roles the signed-in user holds in space (none for a guest).
func rolesIn(app core.App, info *core.RequestInfo, space string) ([]string, error) {
	if info.Auth == nil || info.Auth.Collection().Name != schema.CollectionUsers {
		return nil, nil
	}
	var roles []string
	err := app.DB().Select(schema.MembershipRole).From(schema.CollectionMemberships).
		Where(dbx.HashExp{schema.MembershipUser: info.Auth.Id, schema.MembershipSpace: space}).
		Column(&roles)
	return roles, err
}
