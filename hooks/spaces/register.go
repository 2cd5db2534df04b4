// Package spaces holds spaces, memberships, roles and invitations: who may do what in which space.
package spaces

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// Register binds the spaces concern's hooks and routes to app.
func Register(app core.App) error {
	app.OnRecordCreate(schema.CollectionSpaces).BindFunc(onSpaceCreate)
	app.OnRecordUpdate(schema.CollectionSpaces).BindFunc(onSpaceUpdate)
	app.OnRecordCreateRequest(schema.CollectionSpaces).BindFunc(onSpaceCreateRequest)
	app.OnRecordUpdate(schema.CollectionMemberships).BindFunc(onMembershipUpdate)
	app.OnRecordDelete(schema.CollectionMemberships).BindFunc(onMembershipDelete)
	app.OnRecordCreateRequest(schema.CollectionMemberships).BindFunc(onMembershipCreateRequest)
	app.OnRecordUpdateRequest(schema.CollectionMemberships).BindFunc(onMembershipUpdateRequest)
	app.OnRecordDeleteRequest(schema.CollectionMemberships).BindFunc(onMembershipDeleteRequest)
	app.OnRecordCreateRequest(schema.CollectionInvitations).BindFunc(onInvitationCreateRequest)
	app.OnServe().BindFunc(bindRoutes)
	return nil
}
