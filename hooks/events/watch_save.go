package events

import (
	"errors"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// onWatchCreate fills a watch in from what it watches, for every create (API, dashboard, Go):
// a page or subtree watch takes its space, locale and path from the page; a space watch names
// no page.
func onWatchCreate(e *core.RecordEvent) error {
	r := e.Record
	switch r.GetString(schema.WatchKind) {
	case schema.WatchKindPage, schema.WatchKindSubtree:
		page, err := e.App.FindRecordById(schema.CollectionPages, r.GetString(schema.WatchPage))
		if err != nil {
			return validation.Errors{schema.WatchPage: validation.NewError("validation_watch_page", "Name the page to watch.")}
		}
		r.Set(schema.WatchSpace, page.GetString(schema.PageSpace))
		r.Set(schema.WatchLocale, page.GetString(schema.PageLocale))
		r.Set(schema.WatchPath, page.GetString(schema.PagePath))
	case schema.WatchKindSpace:
		if r.GetString(schema.WatchSpace) == "" {
			return validation.Errors{schema.WatchSpace: validation.NewError("validation_watch_space", "Name the space to watch.")}
		}
		r.Set(schema.WatchPage, "")
		r.Set(schema.WatchLocale, "")
		r.Set(schema.WatchPath, "")
	}
	return e.Next()
}

// onWatchCreateRequest runs when a user creates a watch through the API, after the create rule
// (it is their own) passed: they may only watch what they can read. The answer does not tell an
// unreadable page from a missing one.
func onWatchCreateRequest(e *core.RecordRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	r := e.Record
	target, field := r.GetString(schema.WatchPage), schema.WatchPage
	col := schema.CollectionPages
	if r.GetString(schema.WatchKind) == schema.WatchKindSpace {
		target, field, col = r.GetString(schema.WatchSpace), schema.WatchSpace, schema.CollectionSpaces
	}
	rec, err := e.App.FindRecordById(col, target)
	if err == nil {
		var ok bool
		if ok, err = e.App.CanAccessRecord(rec, &core.RequestInfo{Auth: e.Auth, Method: "GET"}, rec.Collection().ViewRule); err == nil && !ok {
			err = errors.New("not readable")
		}
	}
	if err != nil {
		return e.BadRequestError("You cannot watch that.", validation.Errors{
			field: validation.NewError("validation_watch_target", "No "+col[:len(col)-1]+" you can read has this id.")})
	}
	return e.Next()
}

// onNotificationUpdateRequest lets a user change one thing on their notification: read.
func onNotificationUpdateRequest(e *core.RecordRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	read := e.Record.GetBool(schema.NotificationRead)
	e.Record.Load(e.Record.Original().FieldsData())
	e.Record.Set(schema.NotificationRead, read)
	return e.Next()
}
