package factors

import (
	"database/sql"
	"errors"
	"net/http"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// editorsAndAbove are the roles the "editors" policy covers.
var editorsAndAbove = []string{schema.RoleOwner, schema.RoleAdmin, schema.RoleEditor}

// onPageWriteRequest runs before a page is created, updated or deleted through the API: a
// member of a space whose policy requires a second factor of it, and who has none, is refused
// (403, data.factor.code "second_factor_required") with what to do.
func onPageWriteRequest(e *core.RecordRequestEvent) error {
	if err := requireFactorFor(e.RequestEvent, e.Record.GetString(schema.PageSpace)); err != nil {
		return err
	}
	return e.Next()
}

// onCommentWriteRequest applies the same policy to comments, through their page's space.
func onCommentWriteRequest(e *core.RecordRequestEvent) error {
	page, err := e.App.FindRecordById(schema.CollectionPages, schema.AsComment(e.Record).Page())
	if err == nil {
		if err := requireFactorFor(e.RequestEvent, schema.AsPage(page).Space()); err != nil {
			return err
		}
	}
	return e.Next()
}

// requireFactorFor refuses the caller when space's policy covers its role there and it has no
// second factor; superusers and guests are left to the API rules.
func requireFactorFor(e *core.RequestEvent, spaceId string) error {
	if e.Auth == nil || e.Auth.Collection().Name != schema.CollectionUsers || spaceId == "" {
		return nil
	}
	// Two columns, not the record: this runs before every write a member makes in a space.
	var space struct {
		Name   string `db:"name"`
		Policy string `db:"policy"`
	}
	err := e.App.DB().Select(schema.SpaceName+" AS name", schema.SpaceSecondFactor+" AS policy").
		From(schema.CollectionSpaces).Where(dbx.HashExp{"id": spaceId}).One(&space)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // no such space: the API rules answer
	}
	if err != nil {
		return e.InternalServerError("", err)
	}
	policy := space.Policy
	if policy == schema.SecondFactorNone {
		return nil
	}
	m, err := e.App.FindFirstRecordByFilter(schema.CollectionMemberships,
		schema.MembershipSpace+" = {:space} && "+schema.MembershipUser+" = {:user}", dbx.Params{"space": spaceId, "user": e.Auth.Id})
	if err != nil {
		return nil // not a member: the API rules decide
	}
	if policy == schema.SecondFactorEditors && !slices.Contains(editorsAndAbove, schema.AsMembership(m).Role()) {
		return nil
	}
	has, err := HasSecondFactor(e.App, e.Auth.Id)
	if err != nil {
		return e.InternalServerError("", err)
	}
	if has {
		return nil
	}
	who := "its editors"
	if policy == schema.SecondFactorMembers {
		who = "every member"
	}
	return fieldError(http.StatusForbidden, "The space \""+space.Name+"\" requires a second factor of "+who+
		". Set up an authenticator app or a passkey in your account's security settings, then try again.", "factor", codeFactorRequired)
}

// onSpaceSaveRequest runs before a space is created or updated through the API: an update is
// covered by the space's policy as it stands, and a user may only turn the policy on once it has
// a second factor itself, so it cannot lock itself out.
func onSpaceSaveRequest(e *core.RecordRequestEvent) error {
	if !e.Record.IsNew() {
		// the policy as stored covers every change to the space's settings
		if err := requireFactorFor(e.RequestEvent, e.Record.Id); err != nil {
			return err
		}
	}
	policy := e.Record.GetString(schema.SpaceSecondFactor)
	before := ""
	if orig := e.Record.Original(); orig != nil && !e.Record.IsNew() {
		before = orig.GetString(schema.SpaceSecondFactor)
	}
	if policy == schema.SecondFactorNone || policy == before || e.Auth == nil || e.Auth.Collection().Name != schema.CollectionUsers {
		return e.Next()
	}
	has, err := HasSecondFactor(e.App, e.Auth.Id)
	if err != nil {
		return e.InternalServerError("", err)
	}
	if !has {
		return fieldError(http.StatusForbidden, "Set up a second factor for yourself (authenticator app or passkey) before requiring one in this space, so you are not locked out.",
			schema.SpaceSecondFactor, codeEnrolFirst)
	}
	return e.Next()
}
