package transfer

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// findWritableSpace returns the space named by the route's {id} when the caller may import
// into it and export it: a superuser, or an editor, admin or owner of the space. Export is
// for writers only because a tree holds the drafts too; viewers read published pages through
// the pages collection.
//
// A space the caller cannot see at all (missing, or private and not a member) is 404, as the
// records API answers it; one the caller sees but may not write is 403.
func findWritableSpace(e *core.RequestEvent) (*core.Record, error) {
	space, err := e.App.FindRecordById(schema.CollectionSpaces, e.Request.PathValue("id"))
	if err != nil {
		return nil, e.NotFoundError("The space does not exist, or you are not a member of it.", nil)
	}
	if e.HasSuperuserAuth() {
		return space, nil
	}
	role := ""
	if e.Auth != nil && e.Auth.Collection().Name == schema.CollectionUsers {
		if role, err = roleIn(e.App, space.Id, e.Auth.Id); err != nil {
			return nil, err
		}
	}
	switch {
	case role == "" && !schema.AsSpace(space).IsPublic():
		return nil, e.NotFoundError("The space does not exist, or you are not a member of it.", nil)
	case !schema.RoleAtLeast(role, schema.RoleEditor):
		return nil, e.ForbiddenError("Only editors, admins and owners of the space can import and export its pages.", nil)
	}
	return space, nil
}

// roleIn returns user's role in space, "" when it is not a member.
func roleIn(app core.App, spaceId, userId string) (string, error) {
	var found []*core.Record
	err := app.RecordQuery(schema.CollectionMemberships).
		AndWhere(dbx.HashExp{schema.MembershipSpace: spaceId, schema.MembershipUser: userId}).
		Limit(1).All(&found)
	if err != nil || len(found) == 0 {
		return "", err
	}
	return schema.AsMembership(found[0]).Role(), nil
}
