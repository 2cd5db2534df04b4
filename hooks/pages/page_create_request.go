package pages

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// onPageCreateRequest runs when a client creates a page through the API, after the create
// rule passed. The author and editor are the signed-in user whatever the body says; a
// superuser (the dashboard, an admin script) may set them, as it may set anything.
func onPageCreateRequest(e *core.RecordRequestEvent) error {
	_, note, err := readRequestNote(e.RequestEvent)
	if err != nil {
		return err
	}
	if isUser(e.RequestEvent) {
		e.Record.Set(schema.PageAuthor, e.Auth.Id)
		e.Record.Set(schema.PageEditor, e.Auth.Id)
	}
	pendingNotes.Store(e.Record, note)
	defer pendingNotes.Delete(e.Record)
	return e.Next()
}
