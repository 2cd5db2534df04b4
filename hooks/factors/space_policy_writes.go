package factors

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// The space policy covers every write a member makes in a space, not only pages and comments:
// the space's other records (written through the records API) and Folio's own routes that
// change a space's content or settings.

// spaceOwned are the collections whose records belong to a space through their `space` field
// and that members write through the records API.
var spaceOwned = []string{
	schema.CollectionAttachments,
	schema.CollectionInvitations,
	schema.CollectionWebhooks,
	schema.CollectionRedirects,
	schema.CollectionMemberships,
}

// bindSpaceWrites binds the policy to the records API writes of spaceOwned and of spaces.
func bindSpaceWrites(app core.App) {
	for _, name := range spaceOwned {
		app.OnRecordCreateRequest(name).BindFunc(onSpaceOwnedWriteRequest)
		app.OnRecordUpdateRequest(name).BindFunc(onSpaceOwnedWriteRequest)
		app.OnRecordDeleteRequest(name).BindFunc(onSpaceOwnedWriteRequest)
	}
	app.OnRecordDeleteRequest(schema.CollectionSpaces).BindFunc(onSpaceDeleteRequest)
}

// onSpaceOwnedWriteRequest applies the policy of the record's space. Leaving a space (deleting
// one's own membership) stays open to everyone.
func onSpaceOwnedWriteRequest(e *core.RecordRequestEvent) error {
	if e.Record.Collection().Name == schema.CollectionMemberships && e.Auth != nil &&
		e.Record.GetString(schema.MembershipUser) == e.Auth.Id && e.Request.Method == http.MethodDelete {
		return e.Next()
	}
	if err := requireFactorFor(e.RequestEvent, e.Record.GetString("space")); err != nil {
		return err
	}
	return e.Next()
}

// onSpaceDeleteRequest applies a space's policy to its deletion.
func onSpaceDeleteRequest(e *core.RecordRequestEvent) error {
	if err := requireFactorFor(e.RequestEvent, e.Record.Id); err != nil {
		return err
	}
	return e.Next()
}

// routeWrite names a Folio route that writes in a space, and how to find that space from the
// {id} in its path.
type routeWrite struct {
	pattern *regexp.Regexp
	space   func(app core.App, id string) string
}

var routeWrites = []routeWrite{
	{regexp.MustCompile(`^/api/folio/pages/([^/]+)/(move|restore)$`), func(app core.App, id string) string {
		return fieldOf(app, schema.CollectionPages, id, schema.PageSpace)
	}},
	{regexp.MustCompile(`^/api/folio/spaces/([^/]+)/import$`), func(_ core.App, id string) string { return id }},
	{regexp.MustCompile(`^/api/folio/invitations/([^/]+)/(revoke|resend)$`), func(app core.App, id string) string {
		return fieldOf(app, schema.CollectionInvitations, id, schema.InvitationSpace)
	}},
	{regexp.MustCompile(`^/api/folio/webhooks/([^/]+)/rotate-secret$`), func(app core.App, id string) string {
		return fieldOf(app, schema.CollectionWebhooks, id, schema.WebhookSpace)
	}},
	{regexp.MustCompile(`^/api/folio/deliveries/([^/]+)/redeliver$`), func(app core.App, id string) string {
		return fieldOf(app, schema.CollectionWebhooks, fieldOf(app, schema.CollectionDeliveries, id, schema.DeliveryWebhook), schema.WebhookSpace)
	}},
}

// routeWritePolicy is a router middleware: a POST to one of routeWrites by a covered member
// without a factor is refused before the route runs. Unknown ids are left to the route, which
// answers them as it does for everyone.
func routeWritePolicy(e *core.RequestEvent) error {
	if e.Request.Method != http.MethodPost || e.Auth == nil || !strings.HasPrefix(e.Request.URL.Path, "/api/folio/") {
		return e.Next()
	}
	for _, w := range routeWrites {
		m := w.pattern.FindStringSubmatch(e.Request.URL.Path)
		if m == nil {
			continue
		}
		if err := requireFactorFor(e, w.space(e.App, m[1])); err != nil {
			return err
		}
		break
	}
	return e.Next()
}

// fieldOf is the value of field in the record id of collection, or "" when there is none.
func fieldOf(app core.App, collection, id, field string) string {
	if id == "" {
		return ""
	}
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		return ""
	}
	return r.GetString(field)
}
