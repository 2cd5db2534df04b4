package events

import (
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// readAllRoute answers POST /api/folio/notifications/read-all: every notification of the caller
// is marked read, each saved so that the caller's other tabs hear of it in realtime.
func readAllRoute(e *core.RequestEvent) error {
	var unread []*core.Record
	err := e.App.RecordQuery(schema.CollectionNotifications).AndWhere(dbx.HashExp{
		schema.NotificationUser: e.Auth.Id, schema.NotificationRead: false}).Limit(1000).All(&unread)
	if err != nil {
		return e.InternalServerError("", err)
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		for _, n := range unread {
			n.Set(schema.NotificationRead, true)
			if err := tx.Save(n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"marked": len(unread)})
}
