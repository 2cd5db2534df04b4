package schema

// Names of the watches collection and its fields. A user watches a page, a subtree (the page
// and every page below its path, in its locale) or a whole space.
const (
	CollectionWatches = "watches"

	WatchUser    = "user"
	WatchSpace   = "space"
	WatchPage    = "page"
	WatchKind    = "kind"
	WatchLocale  = "locale"
	WatchPath    = "path"
	WatchCreated = "created"
)

// Kinds of watch.
const (
	WatchKindPage    = "page"
	WatchKindSubtree = "subtree"
	WatchKindSpace   = "space"
)

// Names of the notifications collection and its fields: one row per user per thing worth
// telling them, readable and subscribable by that user only.
const (
	CollectionNotifications = "notifications"

	NotificationUser    = "user"
	NotificationSpace   = "space"
	NotificationPage    = "page"
	NotificationComment = "comment"
	NotificationActor   = "actor"
	NotificationEvent   = "event"
	NotificationReason  = "reason"
	NotificationTitle   = "title"
	NotificationExcerpt = "excerpt"
	NotificationRead    = "read"
	NotificationEmailed = "emailed"
	NotificationCreated = "created"
)

// Reasons a notification is sent.
const (
	ReasonEdit                = "edit"
	ReasonComment             = "comment"
	ReasonReply               = "reply"
	ReasonMention             = "mention"
	ReasonTranslationOutdated = "translation_outdated"
)

// Names of the notification_settings collection: one row per user, how they get mail.
const (
	CollectionNotificationSettings = "notification_settings"

	NotifySettingUser       = "user"
	NotifySettingEmail      = "email"
	NotifySettingLastDigest = "last_digest"
)

// Email modes: a mail per notification, one a day, or none. Without a settings row a user gets
// instant mail.
const (
	EmailInstant = "instant"
	EmailDaily   = "daily"
	EmailOff     = "off"
)
