// Package events tells the world what changed in Folio. Model hooks on pages, comments,
// memberships and invitations write an events row (the outbox) in the transaction of each
// change, so a rolled-back write emits nothing and a committed one cannot lose its event. A
// worker in the process turns each event into deliveries for the space's webhooks (signed as
// Standard Webhooks says, retried with backoff, in order per webhook) and into notifications for
// the users watching what changed, with mail instant or as a daily digest.
package events

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"folio/hooks/schema"
)

// priorityPageEvents runs the page hooks inside the translations concern's transaction (-10) and
// around the pages concern's (0): after e.Next() the page and its revision are written, and the
// events of this save come before those of the translation upkeep it sets off.
const priorityPageEvents = -5

// Register binds the events concern's hooks, routes, worker and digest job to app.
func Register(app core.App) error {
	cfg, err := ConfigFromEnv()
	if err != nil {
		return err
	}
	app.OnRecordCreate(schema.CollectionPages).Bind(&hook.Handler[*core.RecordEvent]{Func: onPageCreateEvents, Priority: priorityPageEvents})
	app.OnRecordUpdate(schema.CollectionPages).Bind(&hook.Handler[*core.RecordEvent]{Func: onPageUpdateEvents, Priority: priorityPageEvents})
	app.OnRecordDelete(schema.CollectionPages).Bind(&hook.Handler[*core.RecordEvent]{Func: onPageDeleteEvents, Priority: priorityPageEvents})
	app.OnRecordCreate(schema.CollectionComments).BindFunc(onCommentCreateEvents)
	app.OnRecordCreate(schema.CollectionMemberships).BindFunc(onMembershipCreateEvents)
	app.OnRecordUpdate(schema.CollectionMemberships).BindFunc(onMembershipUpdateEvents)
	app.OnRecordDelete(schema.CollectionMemberships).BindFunc(onMembershipDeleteEvents)
	app.OnRecordUpdate(schema.CollectionInvitations).BindFunc(onInvitationUpdateEvents)
	app.OnRecordCreate(schema.CollectionWebhooks).BindFunc(onWebhookCreateSecret)
	app.OnRecordValidate(schema.CollectionWebhooks).BindFunc(onWebhookLimit)
	app.OnRecordValidate(schema.CollectionWebhooks).BindFunc(onWebhookValidate)
	app.OnRecordCreateRequest(schema.CollectionWebhooks).BindFunc(onWebhookCreateRequest)
	app.OnRecordUpdateRequest(schema.CollectionWebhooks).BindFunc(onWebhookUpdateRequest)
	app.OnRecordCreate(schema.CollectionWatches).BindFunc(onWatchCreate)
	app.OnRecordCreateRequest(schema.CollectionWatches).BindFunc(onWatchCreateRequest)
	app.OnRecordUpdateRequest(schema.CollectionNotifications).BindFunc(onNotificationUpdateRequest)
	bindPagesMoved(app)
	return bindWorker(app, cfg)
}
