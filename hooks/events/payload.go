package events

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/saveread"
	"folio/hooks/schema"
)

// Payloads carry what an owner or admin of the space may read through the API, and nothing
// hidden: no token hashes, no secrets, no member emails (co-members see each other's name only).

// spaceRef names the space an event happened in.
func spaceRef(app core.App, spaceId string) map[string]any {
	s, err := app.FindRecordById(schema.CollectionSpaces, spaceId)
	if err != nil {
		s = nil
	}
	return spaceRefOf(spaceId, s)
}

// spaceRefOf names space (nil when it was not found) by id, slug and name.
func spaceRefOf(spaceId string, space *core.Record) map[string]any {
	out := map[string]any{"id": spaceId}
	if space != nil {
		out["slug"] = space.GetString(schema.SpaceSlug)
		out["name"] = space.GetString(schema.SpaceName)
	}
	return out
}

// spaceRefs names a space by its id; page events take it from the save's own read of the space
// (saveread) instead of a statement of their own.
type spaceRefs func(spaceId string) map[string]any

// spaceRefsOfSave names spaces as read once during the save e, in tx.
func spaceRefsOfSave(tx core.App, e *core.RecordEvent) spaceRefs {
	return func(spaceId string) map[string]any {
		s, err := saveread.Record(tx, e, schema.CollectionSpaces, spaceId)
		if err != nil {
			s = nil
		}
		return spaceRefOf(spaceId, s)
	}
}

// spaceRefsOnce names spaces as read from app, each space once.
func spaceRefsOnce(app core.App) spaceRefs {
	named := map[string]map[string]any{}
	return func(spaceId string) map[string]any {
		if ref, ok := named[spaceId]; ok {
			return ref
		}
		ref := spaceRef(app, spaceId)
		named[spaceId] = ref
		return ref
	}
}

// pagePayload is a page as page events describe it: its address, title and state, not its body.
func pagePayload(p *core.Record) map[string]any {
	return map[string]any{
		"id":                p.Id,
		"locale":            p.GetString(schema.PageLocale),
		"path":              p.GetString(schema.PagePath),
		"title":             p.GetString(schema.PageTitle),
		"status":            p.GetString(schema.PageStatus),
		"live":              p.GetBool(schema.PageLive),
		"revision":          p.GetInt(schema.PageRevision),
		"author":            p.GetString(schema.PageAuthor),
		"editor":            p.GetString(schema.PageEditor),
		"translation_state": p.GetString(schema.PageTranslationState),
		"updated":           p.GetString(schema.PageUpdated),
	}
}

func pageEvent(spaces spaceRefs, typ string, p *core.Record, extra map[string]any) event {
	payload := map[string]any{"space": spaces(p.GetString(schema.PageSpace)), "page": pagePayload(p)}
	for k, v := range extra {
		payload[k] = v
	}
	return event{Type: typ, Space: p.GetString(schema.PageSpace), Record: p.Id,
		Actor: p.GetString(schema.PageEditor), Payload: payload}
}

// memberPayload is a membership with its user's name.
func memberPayload(app core.App, m *core.Record) map[string]any {
	out := map[string]any{
		"id":   m.Id,
		"user": m.GetString(schema.MembershipUser),
		"role": m.GetString(schema.MembershipRole),
	}
	if u, err := app.FindRecordById(schema.CollectionUsers, m.GetString(schema.MembershipUser)); err == nil {
		out["name"] = u.GetString(schema.UserName)
	}
	return out
}
