package spaces

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// lastOwnerMessage is the answer to any change that would leave a space without an owner.
const lastOwnerMessage = "A space needs at least one owner: make someone else owner first."

// findMembership returns user's membership of space, or nil when it is not a member.
func findMembership(app core.App, space, user string) (*core.Record, error) {
	var found []*core.Record
	err := app.RecordQuery(schema.CollectionMemberships).
		AndWhere(dbx.HashExp{schema.MembershipSpace: space, schema.MembershipUser: user}).
		Limit(1).All(&found)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return found[0], nil
}

// roleIn returns user's role in space, "" when it is not a member.
func roleIn(app core.App, space, user string) (string, error) {
	m, err := findMembership(app, space, user)
	if m == nil {
		return "", err
	}
	return schema.AsMembership(m).Role(), nil
}

// addMember saves and returns a new membership of user in space with role.
func addMember(app core.App, space, user, role string) (*core.Record, error) {
	c, err := app.FindCachedCollectionByNameOrId(schema.CollectionMemberships)
	if err != nil {
		return nil, err
	}
	m := core.NewRecord(c)
	m.Set(schema.MembershipSpace, space)
	m.Set(schema.MembershipUser, user)
	m.Set(schema.MembershipRole, role)
	return m, app.Save(m)
}

// ensureAnotherOwner fails with lastOwnerMessage when space has no owner besides the membership
// leaving. Call it inside the transaction that makes the change, so that two owners leaving at
// once cannot both see the other one still there.
func ensureAnotherOwner(e *core.RequestEvent, app core.App, space, leavingId string) error {
	n, err := app.CountRecords(schema.CollectionMemberships,
		dbx.HashExp{schema.MembershipSpace: space, schema.MembershipRole: schema.RoleOwner},
		dbx.Not(dbx.HashExp{"id": leavingId}))
	if err != nil {
		return err
	}
	if n == 0 {
		return e.BadRequestError(lastOwnerMessage, nil)
	}
	return nil
}

// requireOwner refuses with 403 and msg unless the caller owns space, as the transaction sees it.
func requireOwner(e *core.RequestEvent, app core.App, space, msg string) error {
	if e.Auth == nil {
		return e.ForbiddenError(msg, nil)
	}
	role, err := roleIn(app, space, e.Auth.Id)
	if err != nil {
		return err
	}
	if role != schema.RoleOwner {
		return e.ForbiddenError(msg, nil)
	}
	return nil
}
