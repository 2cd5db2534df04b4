// Package migrations defines every Folio collection, index, API rule and default setting as Go
// migrations, one change per file, named <unix-ts>_<what>.go. Importing the package registers
// them with PocketBase.
package migrations

import (
	"fmt"
	"strings"

	"folio/hooks/schema"
)

// memberRule is the API-rule condition "the caller holds one of roles (any role when none are
// given) in the space spaceExpr names". It walks the caller's own memberships
// (@request.auth.memberships_via_user), which PocketBase joins on the indexed user column: each
// record checked is paired with the caller's few memberships only. (An @collection.memberships
// join has no ON clause and pairs it with every membership in the database, per alias.)
//
// Every @request.auth.memberships_via_user in one rule is the same joined table, and `?=` tests
// the row at hand, so the space and role conditions bind to one membership: an owner of another
// space who views this one is not an owner here. The flip side: two memberRule conditions joined
// by && must hold on one row too, so only join them with || (or with conditions that are not
// about memberships). And PocketBase compares a missing value as equal to "": a caller with no
// membership matches an empty spaceExpr (a request body without the field), so spaceExpr must
// never be empty unless roles are given (a missing role equals none of them).
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

// managers are the roles that manage a space's members and settings.
var managers = []string{schema.RoleOwner, schema.RoleAdmin}
