package accounts

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// publicUserFields are what a member of a shared space may see of another member.
var publicUserFields = map[string]bool{
	"id": true, "collectionId": true, "collectionName": true,
	schema.UserName: true, schema.UserAvatar: true,
}

// onUserEnrich runs whenever a users record is serialized for a client (lists, views, expands,
// realtime). The API rules let members of a shared space read each other's record; this strips
// such a record down to name and avatar. A user sees all of its own record; superusers see all.
func onUserEnrich(e *core.RecordEnrichEvent) error {
	if e.RequestInfo != nil && e.RequestInfo.Auth != nil &&
		(e.RequestInfo.Auth.IsSuperuser() || e.RequestInfo.Auth.Id == e.Record.Id &&
			e.RequestInfo.Auth.Collection().Id == e.Record.Collection().Id) {
		return e.Next()
	}
	for _, f := range e.Record.Collection().Fields {
		if !publicUserFields[f.GetName()] {
			e.Record.Hide(f.GetName())
		}
	}
	return e.Next()
}
