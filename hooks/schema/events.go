package schema

// Names of the events collection and its fields: Folio's outbox. Every row is written in the
// transaction of the change it describes; seq orders them; dispatched marks a row the event
// worker has turned into deliveries and notifications.
const (
	CollectionEvents = "events"

	EventSeq        = "seq"
	EventType       = "type"
	EventSpace      = "space"
	EventRecord     = "record"
	EventActor      = "actor"
	EventPayload    = "payload"
	EventDispatched = "dispatched"
	EventCreated    = "created"
)

// Event types Folio emits. A webhook subscribes to some of them (none: all).
const (
	EventPageCreated         = "page.created"
	EventPageUpdated         = "page.updated"
	EventPagePublished       = "page.published"
	EventPageUnpublished     = "page.unpublished"
	EventPageDeleted         = "page.deleted"
	EventPageMoved           = "page.moved"
	EventTranslationOutdated = "translation.outdated"
	EventTranslationCurrent  = "translation.current"
	EventCommentCreated      = "comment.created"
	EventMemberJoined        = "member.joined"
	EventMemberLeft          = "member.left"
	EventMemberRoleChanged   = "member.role_changed"
	EventInvitationAccepted  = "invitation.accepted"
)

// EventTypes lists every event type, in the order the README documents them.
var EventTypes = []string{
	EventPageCreated, EventPageUpdated, EventPagePublished, EventPageUnpublished, EventPageDeleted,
	EventPageMoved, EventTranslationOutdated, EventTranslationCurrent, EventCommentCreated,
	EventMemberJoined, EventMemberLeft, EventMemberRoleChanged, EventInvitationAccepted,
}

// PageMerged is the custom field the pages concern sets on a page record whose stale edit it
// merged three-way; the events concern reads it to say so in page.updated.
const PageMerged = "merged"
