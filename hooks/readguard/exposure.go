package readguard

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// Fields a record shows to some of its readers and hides from others cannot be filtered or
// sorted on by anyone but superusers, wherever a path reaches them: a filter would tell what
// the response strips. Add a collection here when its enrich hook strips fields per caller.

// sharedOnly lists, for collections whose records other readers see stripped down, the only
// fields a filter may name: a member of a shared space sees another member's users record as
// id, name and avatar (hooks/accounts), so email, verified, emailVisibility, locale, created…
// are not filterable, even by the user itself (who reads its own record by id).
var sharedOnly = map[string]map[string]bool{
	schema.CollectionUsers: {core.FieldNameId: true, schema.UserName: true, schema.UserAvatar: true},
}

// notFilterable lists fields a filter may not name at all: page_links.to_page is emptied for
// readers who may not read the target page (page_link_target.go), and a filter on it would
// tell a draft from a missing page.
var notFilterable = map[string]map[string]bool{
	schema.CollectionPageLinks: {schema.PageLinkToPage: true},
}

// filterable reports whether a client filter or sort may name field of c.
func filterable(c *core.Collection, field string) bool {
	if only, ok := sharedOnly[c.Name]; ok {
		return only[field]
	}
	return !notFilterable[c.Name][field]
}
