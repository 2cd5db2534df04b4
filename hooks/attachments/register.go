// Package attachments holds the files of a space: uploads through the attachments collection
// (sniffed, hashed, limited), the file references of pages resolved on save and indexed in
// page_assets, pages healed when a file they wait for arrives, the token-checked file route and
// the asset report.
package attachments

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// Register binds the attachments concern's hooks and routes to app, with the limits of the
// environment (Config). It must run after the pages concern's Register (hooks.go keeps that
// order): its page hooks run inside the pages concern's save, on the html that one rendered.
func Register(app core.App) error {
	cfg, err := configFromEnv()
	if err != nil {
		return err
	}
	s := &service{cfg: cfg}
	app.OnRecordCreateRequest(schema.CollectionAttachments).BindFunc(onAttachmentCreateRequest)
	app.OnRecordUpdateRequest(schema.CollectionAttachments).BindFunc(onAttachmentUpdateRequest)
	app.OnRecordCreate(schema.CollectionAttachments).BindFunc(s.onAttachmentSave)
	app.OnRecordUpdate(schema.CollectionAttachments).BindFunc(s.onAttachmentSave)
	app.OnRecordAfterCreateSuccess(schema.CollectionAttachments).BindFunc(onAttachmentAfterSaveSuccess)
	app.OnRecordAfterUpdateSuccess(schema.CollectionAttachments).BindFunc(onAttachmentAfterSaveSuccess)
	app.OnRecordAfterDeleteSuccess(schema.CollectionAttachments).BindFunc(onAttachmentAfterDeleteSuccess)
	app.OnRecordCreate(schema.CollectionPages).BindFunc(onPageCreate)
	app.OnRecordUpdate(schema.CollectionPages).BindFunc(onPageUpdate)
	app.OnRecordCreateRequest(schema.CollectionPageAssets).BindFunc(onServerWrittenRequest)
	app.OnRecordUpdateRequest(schema.CollectionPageAssets).BindFunc(onServerWrittenRequest)
	app.OnRecordDeleteRequest(schema.CollectionPageAssets).BindFunc(onServerWrittenRequest)
	app.OnFileDownloadRequest().BindFunc(onThumbServed)
	app.OnServe().BindFunc(bindRoutes)
	bindPagesMoved(app)
	return nil
}

// service holds the limits the attachment hooks enforce.
type service struct {
	cfg Config
}
