package fanout

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"folio/hooks/internal/pageaudience"
)

// The subscription options PocketBase's broadcast reads.
const (
	fieldsParam = "fields"
	expandParam = "expand"
)

// fastOptions reports whether every subscription of a client is one the fan-out decides by
// lookup: a guest or a users record, and no expand (an expand reads other collections by their
// own rules, for each client: PocketBase's enrich does that).
func fastOptions(auth *core.Record, subs map[string]subscriptions.SubscriptionOptions) bool {
	if !pageaudience.Modelled(auth) {
		return false
	}
	for _, o := range subs {
		if o.Query[expandParam] != "" {
			return false
		}
	}
	return true
}

// relationalFilters reports whether one of subs filters through a relation or the caller.
func relationalFilters(subs map[string]subscriptions.SubscriptionOptions) bool {
	for _, o := range subs {
		if f := o.Query[search.FilterQueryParam]; f != "" && !ownFieldsFilter(f) {
			return true
		}
	}
	return false
}

// ownFieldsFilter reports whether filter names only the record's own fields: no @ (request,
// collection, macros) and no dotted path (relations, back-relations). Its result is then the
// same for every client that may read the record.
func ownFieldsFilter(filter string) bool {
	return !strings.ContainsAny(filter, "@.")
}

// superuserOnlyFields are what PocketBase refuses in a non-superuser's filter or sort; a
// subscription that names one receives nothing.
var superuserOnlyFields = []string{"@collection.", "@request."}

// refusedQuery reports whether PocketBase refuses a non-superuser subscription's filter (it
// checks the filter and the sort once a filter is given).
func refusedQuery(q map[string]string) bool {
	for _, param := range []string{search.FilterQueryParam, search.SortQueryParam} {
		for _, f := range superuserOnlyFields {
			if strings.Contains(q[param], f) {
				return true
			}
		}
	}
	return false
}
