// Package pages holds pages, their revisions, conflict-safe editing, rendering, links,
// scheduled publishing and comments.
package pages

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// Register binds the pages concern's hooks, routes and scheduler job to app.
func Register(app core.App) error {
	app.OnRecordCreate(schema.CollectionPages).BindFunc(onPageCreate)
	app.OnRecordUpdate(schema.CollectionPages).BindFunc(onPageUpdate)
	app.OnRecordAfterUpdateSuccess(schema.CollectionPages).BindFunc(onPageAfterUpdateSuccess)
	app.OnRecordAfterUpdateError(schema.CollectionPages).BindFunc(onPageAfterUpdateError)
	app.OnRecordCreateRequest(schema.CollectionPages).BindFunc(onPageCreateRequest)
	app.OnRecordUpdateRequest(schema.CollectionPages).BindFunc(onPageUpdateRequest)
	app.OnRecordCreateRequest(schema.CollectionRevisions, schema.CollectionPageLinks).BindFunc(onServerWrittenRequest)
	app.OnRecordUpdateRequest(schema.CollectionRevisions, schema.CollectionPageLinks).BindFunc(onServerWrittenRequest)
	app.OnRecordDeleteRequest(schema.CollectionRevisions, schema.CollectionPageLinks).BindFunc(onServerWrittenRequest)
	app.OnRecordCreate(schema.CollectionComments).BindFunc(onCommentSave)
	app.OnRecordUpdate(schema.CollectionComments).BindFunc(onCommentSave)
	app.OnRecordCreateRequest(schema.CollectionComments).BindFunc(onCommentCreateRequest)
	app.OnServe().BindFunc(bindRoutes)
	bindSchedule(app)
	bindIncludes(app)
	bindRerenderSkip(app)
	return nil
}
