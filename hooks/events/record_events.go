package events

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/txhook"
	"folio/hooks/schema"
)

// onCommentCreateEvents emits comment.created in the transaction that inserts the comment.
func onCommentCreateEvents(e *core.RecordEvent) error {
	return afterSave(e, func(tx core.App) ([]event, error) {
		c := e.Record
		page, err := tx.FindRecordById(schema.CollectionPages, c.GetString(schema.CommentPage))
		if err != nil {
			return nil, nil // the comments hooks refuse a comment on no page
		}
		return []event{{
			Type: schema.EventCommentCreated, Space: page.GetString(schema.PageSpace), Record: c.Id,
			Actor: c.GetString(schema.CommentAuthor),
			Payload: map[string]any{
				"space": spaceRef(tx, page.GetString(schema.PageSpace)),
				"page":  pagePayload(page),
				"comment": map[string]any{
					"id": c.Id, "author": c.GetString(schema.CommentAuthor), "parent": c.GetString(schema.CommentParent),
					"body": c.GetString(schema.CommentBody), "created": c.GetString(schema.CommentCreated),
				},
			},
		}}, nil
	})
}

func memberEvent(app core.App, typ string, m *core.Record, extra map[string]any) event {
	payload := map[string]any{"space": spaceRef(app, m.GetString(schema.MembershipSpace)), "member": memberPayload(app, m)}
	for k, v := range extra {
		payload[k] = v
	}
	return event{Type: typ, Space: m.GetString(schema.MembershipSpace), Record: m.Id, Payload: payload}
}

// onMembershipCreateEvents emits member.joined.
func onMembershipCreateEvents(e *core.RecordEvent) error {
	return afterSave(e, func(tx core.App) ([]event, error) {
		return []event{memberEvent(tx, schema.EventMemberJoined, e.Record, nil)}, nil
	})
}

// onMembershipUpdateEvents emits member.role_changed when the role changed, compared with the
// stored row.
func onMembershipUpdateEvents(e *core.RecordEvent) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		before, err := tx.FindRecordById(schema.CollectionMemberships, e.Record.Id)
		if err != nil {
			return e.Next()
		}
		was := before.GetString(schema.MembershipRole)
		return afterSave(e, func(tx core.App) ([]event, error) {
			if is := e.Record.GetString(schema.MembershipRole); is != was {
				return []event{memberEvent(tx, schema.EventMemberRoleChanged, e.Record, map[string]any{"previous_role": was})}, nil
			}
			return nil, nil
		})
	})
}

// onMembershipDeleteEvents emits member.left and removes the member's watches in that space:
// someone who left is told nothing more about it.
func onMembershipDeleteEvents(e *core.RecordEvent) error {
	return afterSave(e, func(tx core.App) ([]event, error) {
		if err := forgetMember(tx, e.Record.GetString(schema.MembershipUser), e.Record.GetString(schema.MembershipSpace)); err != nil {
			return nil, err
		}
		return []event{memberEvent(tx, schema.EventMemberLeft, e.Record, nil)}, nil
	})
}

// onInvitationUpdateEvents emits invitation.accepted when an invitation turns accepted.
func onInvitationUpdateEvents(e *core.RecordEvent) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		before, err := tx.FindRecordById(schema.CollectionInvitations, e.Record.Id)
		if err != nil {
			return e.Next()
		}
		was := before.GetString(schema.InvitationStatus)
		return afterSave(e, func(tx core.App) ([]event, error) {
			inv := e.Record
			if was == schema.InvitationAccepted || inv.GetString(schema.InvitationStatus) != schema.InvitationAccepted {
				return nil, nil
			}
			return []event{{
				Type: schema.EventInvitationAccepted, Space: inv.GetString(schema.InvitationSpace), Record: inv.Id,
				Payload: map[string]any{
					"space": spaceRef(tx, inv.GetString(schema.InvitationSpace)),
					"invitation": map[string]any{
						"id": inv.Id, "email": inv.GetString(schema.InvitationEmail), "role": inv.GetString(schema.InvitationRole),
						"inviter": inv.GetString(schema.InvitationInviter), "responded_at": inv.GetString(schema.InvitationRespondedAt),
					},
				},
			}}, nil
		})
	})
}
