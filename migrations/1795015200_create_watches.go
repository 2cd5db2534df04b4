package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Creates watches, notifications and notification_settings: each row belongs to one user, who
// alone lists, reads and (for notifications) subscribes to it. Watches are made by their user
// (the events hooks check that the user may read what is watched); notifications are written by
// the event worker, and their user only marks them read or deletes them.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
		if err != nil {
			return err
		}
		spaces, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
		if err != nil {
			return err
		}
		pages, err := app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		comments, err := app.FindCollectionByNameOrId(schema.CollectionComments)
		if err != nil {
			return err
		}
		own := func(field string) *string { return types.Pointer(field + " = @request.auth.id") }
		createOwn := func(field string) *string {
			return types.Pointer(fmt.Sprintf("@request.auth.collectionName = %q && @request.body.%s = @request.auth.id",
				schema.CollectionUsers, field))
		}

		w := core.NewBaseCollection(schema.CollectionWatches)
		w.Fields.Add(
			&core.RelationField{Name: schema.WatchUser, CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: schema.WatchSpace, CollectionId: spaces.Id, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: schema.WatchPage, CollectionId: pages.Id, MaxSelect: 1, CascadeDelete: true},
			&core.SelectField{Name: schema.WatchKind, Required: true, MaxSelect: 1, Values: []string{
				schema.WatchKindPage, schema.WatchKindSubtree, schema.WatchKindSpace}},
			&core.TextField{Name: schema.WatchLocale, Max: 35},
			&core.TextField{Name: schema.WatchPath, Max: 1024},
			&core.AutodateField{Name: schema.WatchCreated, OnCreate: true},
		)
		w.AddIndex("idx_watches_unique", true, fmt.Sprintf("%s, %s, %s, %s", schema.WatchUser, schema.WatchKind, schema.WatchSpace, schema.WatchPage), "")
		w.AddIndex("idx_watches_space", false, schema.WatchSpace, "")
		w.AddIndex("idx_watches_page", false, schema.WatchPage, "")
		w.ListRule, w.ViewRule, w.DeleteRule = own(schema.WatchUser), own(schema.WatchUser), own(schema.WatchUser)
		w.CreateRule = createOwn(schema.WatchUser)
		if err := app.Save(w); err != nil {
			return err
		}

		n := core.NewBaseCollection(schema.CollectionNotifications)
		n.Fields.Add(
			&core.RelationField{Name: schema.NotificationUser, CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: schema.NotificationSpace, CollectionId: spaces.Id, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: schema.NotificationPage, CollectionId: pages.Id, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: schema.NotificationComment, CollectionId: comments.Id, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: schema.NotificationActor, CollectionId: users.Id, MaxSelect: 1},
			&core.TextField{Name: schema.NotificationEvent, Max: 64},
			&core.SelectField{Name: schema.NotificationReason, Required: true, MaxSelect: 1, Values: []string{
				schema.ReasonEdit, schema.ReasonComment, schema.ReasonReply, schema.ReasonMention, schema.ReasonTranslationOutdated}},
			&core.TextField{Name: schema.NotificationTitle, Max: 500},
			&core.TextField{Name: schema.NotificationExcerpt, Max: 500},
			&core.BoolField{Name: schema.NotificationRead},
			&core.BoolField{Name: schema.NotificationEmailed},
			&core.AutodateField{Name: schema.NotificationCreated, OnCreate: true},
		)
		n.AddIndex("idx_notifications_user", false, fmt.Sprintf("%s, %s, %s", schema.NotificationUser, schema.NotificationRead, schema.NotificationCreated), "")
		// One notification per user per event: a dispatch repeated after a crash adds none.
		n.AddIndex("idx_notifications_event_user", true, schema.NotificationEvent+", "+schema.NotificationUser,
			"[["+schema.NotificationEvent+"]] != ''")
		n.AddIndex("idx_notifications_emailed", false, fmt.Sprintf("%s, %s", schema.NotificationEmailed, schema.NotificationUser), "")
		n.ListRule, n.ViewRule = own(schema.NotificationUser), own(schema.NotificationUser)
		n.UpdateRule = types.Pointer(fmt.Sprintf("@request.body.%s:changed = false && %s = @request.auth.id",
			schema.NotificationUser, schema.NotificationUser))
		n.DeleteRule = own(schema.NotificationUser)
		if err := app.Save(n); err != nil {
			return err
		}

		s := core.NewBaseCollection(schema.CollectionNotificationSettings)
		s.Fields.Add(
			&core.RelationField{Name: schema.NotifySettingUser, CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.SelectField{Name: schema.NotifySettingEmail, Required: true, MaxSelect: 1, Values: []string{
				schema.EmailInstant, schema.EmailDaily, schema.EmailOff}},
			&core.DateField{Name: schema.NotifySettingLastDigest},
		)
		s.AddIndex("idx_notification_settings_user", true, schema.NotifySettingUser, "")
		s.ListRule, s.ViewRule = own(schema.NotifySettingUser), own(schema.NotifySettingUser)
		s.UpdateRule = types.Pointer(fmt.Sprintf("@request.body.%s:changed = false && %s = @request.auth.id",
			schema.NotifySettingUser, schema.NotifySettingUser))
		s.DeleteRule = own(schema.NotifySettingUser)
		s.CreateRule = createOwn(schema.NotifySettingUser)
		return app.Save(s)
	}, func(app core.App) error {
		for _, name := range []string{schema.CollectionNotificationSettings, schema.CollectionNotifications, schema.CollectionWatches} {
			if err := deleteCollection(app, name); err != nil {
				return err
			}
		}
		return nil
	})
}
