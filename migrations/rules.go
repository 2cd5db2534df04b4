// Package migrations defines every Folio collection, index, API rule and default setting as Go
// migrations, one change per file, named <unix-ts>_<what>.go. Importing the package registers
// them with PocketBase.
package migrations

import (
	"fmt"
	"strings"

	"folio/hooks/schema"
)

// memberRule is the API-rule condition "the caller is a member of the space spaceExpr names,
// holding one of roles (any role when none are given)". alias keeps the join independent of
// other @collection joins in the same rule; all conditions on one alias bind to the same row.
func memberRule(alias, spaceExpr string, roles ...string) string {
	m := fmt.Sprintf("@collection.%s:%s", schema.CollectionMemberships, alias)
	rule := fmt.Sprintf("%s.%s ?= %s && %s.%s ?= @request.auth.id",
		m, schema.MembershipSpace, spaceExpr, m, schema.MembershipUser)
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
