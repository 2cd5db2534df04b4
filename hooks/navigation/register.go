// Package navigation gives readers a way around a space: the page tree, breadcrumbs and
// previous/next, moves that leave redirects behind, and locale fallback — a reader of a missing
// translation gets the source page, marked as such. It also keeps links resolving: a link to an
// old address follows its redirect, and a link from a translation to a page that exists only in
// the source locale is a fallback link rather than a broken one.
package navigation

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// Register binds the navigation concern's hooks and routes to app.
func Register(app core.App) error {
	app.OnRecordCreate(schema.CollectionPages).BindFunc(onPageCreate)
	app.OnRecordUpdate(schema.CollectionPages).BindFunc(onPageUpdate)
	app.OnRecordCreate(schema.CollectionPageLinks).BindFunc(onPageLinkSave)
	app.OnRecordUpdate(schema.CollectionPageLinks).BindFunc(onPageLinkSave)
	app.OnRecordCreateRequest(schema.CollectionRedirects).BindFunc(onRedirectWriteRequest)
	app.OnRecordUpdateRequest(schema.CollectionRedirects).BindFunc(onRedirectWriteRequest)
	app.OnServe().BindFunc(bindRoutes)
	return nil
}
