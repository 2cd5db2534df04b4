package events

import (
	"encoding/json"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// recipient is a user to notify and why; the first reason found for a user wins, so callers
// add the most specific reasons first.
type recipients struct {
	order  []string
	reason map[string]string
}

func (r *recipients) add(user, reason string) {
	if user == "" {
		return
	}
	if r.reason == nil {
		r.reason = map[string]string{}
	}
	if _, ok := r.reason[user]; !ok {
		r.reason[user] = reason
		r.order = append(r.order, user)
	}
}

// planNotifications returns the notifications ev calls for, not yet saved, each with its user
// and whether they want it mailed at once. It only reads. Nobody is notified of their own
// change, nor about a page they cannot read at this moment.
func planNotifications(app core.App, ev *core.Record) ([]plannedNotification, error) {
	var (
		page, comment *core.Record
		rs            recipients
		err           error
	)
	switch ev.GetString(schema.EventType) {
	case schema.EventPageUpdated:
		if unwatched, err := unwatchedPage(app, ev); err != nil || unwatched {
			return nil, err
		}
		if page, err = app.FindRecordById(schema.CollectionPages, ev.GetString(schema.EventRecord)); err != nil {
			return nil, nil // deleted since
		}
		err = addWatchers(app, &rs, page, schema.ReasonEdit)
	case schema.EventTranslationOutdated:
		if page, err = app.FindRecordById(schema.CollectionPages, ev.GetString(schema.EventRecord)); err != nil {
			return nil, nil
		}
		// The people who translate this locale: who made the translation and who last edited it.
		rs.add(page.GetString(schema.PageAuthor), schema.ReasonTranslationOutdated)
		rs.add(page.GetString(schema.PageEditor), schema.ReasonTranslationOutdated)
		err = addWatchers(app, &rs, page, schema.ReasonTranslationOutdated)
	case schema.EventCommentCreated:
		if comment, err = app.FindRecordById(schema.CollectionComments, ev.GetString(schema.EventRecord)); err != nil {
			return nil, nil
		}
		if page, err = app.FindRecordById(schema.CollectionPages, comment.GetString(schema.CommentPage)); err != nil {
			return nil, nil
		}
		err = addCommentRecipients(app, &rs, page, comment)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return buildNotifications(app, ev, page, comment, &rs)
}

// addWatchers adds the users who watch page, its subtree or its space.
func addWatchers(app core.App, rs *recipients, page *core.Record, reason string) error {
	return addWatchersAt(app, rs, addressOf(page), page.Id, reason)
}

// addWatchersAt adds the users who watch the page id standing at a, its subtree or its space.
func addWatchersAt(app core.App, rs *recipients, a address, id, reason string) error {
	var watches []*core.Record
	err := app.RecordQuery(schema.CollectionWatches).AndWhere(dbx.Or(
		dbx.HashExp{schema.WatchKind: schema.WatchKindPage, schema.WatchPage: id},
		dbx.HashExp{schema.WatchKind: schema.WatchKindSpace, schema.WatchSpace: a.space},
		dbx.And(
			dbx.HashExp{schema.WatchKind: schema.WatchKindSubtree, schema.WatchSpace: a.space, schema.WatchLocale: a.locale},
			dbx.NewExp("({:path} = [["+schema.WatchPath+"]] OR substr({:path}, 1, length([["+schema.WatchPath+"]]) + 1) = [["+schema.WatchPath+"]] || '/')",
				dbx.Params{"path": a.path}),
		),
	)).OrderBy(schema.WatchCreated + " ASC").All(&watches)
	for _, w := range watches {
		rs.add(w.GetString(schema.WatchUser), reason)
	}
	return err
}

// unwatchedPage reports whether nobody watches the page of ev, a page event, where the event
// says it stood: most edited pages have no watcher, and then the page row is not read at all.
// It reports false when the payload does not name the page's address.
func unwatchedPage(app core.App, ev *core.Record) (bool, error) {
	var payload struct {
		Page struct {
			Locale string `json:"locale"`
			Path   string `json:"path"`
		} `json:"page"`
	}
	if err := json.Unmarshal([]byte(ev.GetString(schema.EventPayload)), &payload); err != nil || payload.Page.Path == "" {
		return false, nil
	}
	var rs recipients
	a := address{space: ev.GetString(schema.EventSpace), locale: payload.Page.Locale, path: payload.Page.Path}
	if err := addWatchersAt(app, &rs, a, ev.GetString(schema.EventRecord), ""); err != nil {
		return false, err
	}
	return len(rs.order) == 0, nil
}

// addCommentRecipients adds, most specific first: the members mentioned, the author of the
// comment replied to, and the page's watchers.
func addCommentRecipients(app core.App, rs *recipients, page, comment *core.Record) error {
	mentioned, err := findMentionedMembers(app, page.GetString(schema.PageSpace), comment.GetString(schema.CommentBody))
	if err != nil {
		return err
	}
	for _, u := range mentioned {
		rs.add(u, schema.ReasonMention)
	}
	if parent := comment.GetString(schema.CommentParent); parent != "" {
		if p, err := app.FindRecordById(schema.CollectionComments, parent); err == nil {
			rs.add(p.GetString(schema.CommentAuthor), schema.ReasonReply)
		}
	}
	return addWatchers(app, rs, page, schema.ReasonComment)
}

// plannedNotification is a notification to save and how its user wants mail.
type plannedNotification struct {
	record *core.Record
	user   *core.Record
	mode   string
}

// buildNotifications makes one notification per recipient who may read page now, except the
// event's actor.
func buildNotifications(app core.App, ev, page, comment *core.Record, rs *recipients) ([]plannedNotification, error) {
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionNotifications)
	if err != nil {
		return nil, err
	}
	actor := ev.GetString(schema.EventActor)
	var out []plannedNotification
	for _, uid := range rs.order {
		if uid == actor {
			continue
		}
		user, err := app.FindRecordById(schema.CollectionUsers, uid)
		if err != nil {
			continue // account gone
		}
		if !canReadPage(app, user, page) {
			continue
		}
		n := core.NewRecord(col)
		n.Set(schema.NotificationUser, uid)
		n.Set(schema.NotificationSpace, page.GetString(schema.PageSpace))
		n.Set(schema.NotificationPage, page.Id)
		if comment != nil {
			n.Set(schema.NotificationComment, comment.Id)
			n.Set(schema.NotificationExcerpt, clip(comment.GetString(schema.CommentBody), 280))
		}
		n.Set(schema.NotificationActor, actor)
		n.Set(schema.NotificationEvent, ev.Id)
		n.Set(schema.NotificationReason, rs.reason[uid])
		n.Set(schema.NotificationTitle, clip(page.GetString(schema.PageTitle), 500))
		mode := emailMode(app, uid)
		n.Set(schema.NotificationEmailed, mode != schema.EmailDaily)
		out = append(out, plannedNotification{record: n, user: user, mode: mode})
	}
	return out, nil
}

// canReadPage reports whether user may read page now, by the pages view rule itself.
func canReadPage(app core.App, user, page *core.Record) bool {
	ok, err := app.CanAccessRecord(page, &core.RequestInfo{Auth: user, Method: "GET"}, page.Collection().ViewRule)
	return err == nil && ok
}

// emailMode is how user uid wants notification mail: instant unless a settings row says.
func emailMode(app core.App, uid string) string {
	s, err := app.FindFirstRecordByData(schema.CollectionNotificationSettings, schema.NotifySettingUser, uid)
	if err != nil {
		return schema.EmailInstant
	}
	return s.GetString(schema.NotifySettingEmail)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// forgetMember removes user's watches and notifications in space: someone who left a space is
// told nothing more about it.
func forgetMember(app core.App, user, space string) error {
	for _, c := range []struct{ name, user, space string }{
		{schema.CollectionWatches, schema.WatchUser, schema.WatchSpace},
		{schema.CollectionNotifications, schema.NotificationUser, schema.NotificationSpace},
	} {
		if _, err := app.DB().Delete(c.name, dbx.HashExp{c.user: user, c.space: space}).Execute(); err != nil {
			return err
		}
	}
	return nil
}
