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

// modelsReadRule reports whether the pages collection's list and view rules are the ones
// navigation's fast filter models.
func modelsReadRule(col *core.Collection) bool {
	return col.ViewRule != nil && *col.ViewRule == pagesReadRule && col.ListRule != nil && *col.ListRule == pagesReadRule
}

// readAccess is what pagesReadRule comes to for one caller in one space at one moment: every
// page (all), none, or the published, rendered pages whose publish window holds now.
type readAccess struct {
	all, none bool
	now       string // types.DateTime text, compared as SQLite compares the stored dates
}

// readAccessFor decides the caller's readAccess in space: all for a superuser or an owner, admin
// or editor of the space; the live pages for a member of another role or — in a public space —
// anyone; none otherwise. The publish window is judged against the time of the call.
func readAccessFor(app core.App, info *core.RequestInfo, space *core.Record) (readAccess, error) {
	if info.HasSuperuserAuth() {
		return readAccess{all: true}, nil
	}
	roles, err := rolesIn(app, info, space.Id)
	if err != nil {
		return readAccess{none: true}, err
	}
	for _, r := range []string{schema.RoleOwner, schema.RoleAdmin, schema.RoleEditor} {
		if slices.Contains(roles, r) {
			return readAccess{all: true}, nil
		}
	}
	if len(roles) == 0 && !schema.AsSpace(space).IsPublic() {
		return readAccess{none: true}, nil
	}
	return readAccess{now: types.NowDateTime().String()}, nil
}

// allows reports whether a page with these columns is readable under a. An empty date is no
// bound, as a NULL or empty column is in the rule.
func (a readAccess) allows(status, render, publishAt, unpublishAt string) bool {
	switch {
	case a.all:
		return true
	case a.none:
		return false
	}
	return status == schema.PagePublished && render != schema.RenderNever &&
		(publishAt == "" || publishAt <= a.now) && (unpublishAt == "" || unpublishAt > a.now)
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
