// Package translations keeps translation groups in step: every page's translation_state, kept
// right in the transaction of whatever write changed it, and the coverage and group reports.
//
// Pages at the same path in different locales of a space form a translation group; the page in
// the space's source_locale is its source. A translation records source_revision, the source
// revision it was made from. Its state is
//
//   - source: the page is in the space's source locale;
//   - orphaned: the group has no source page;
//   - outdated: the source has a non-minor revision numbered above source_revision, or
//     source_revision names no revision of the source (0, or above the source's head: the
//     translation was made from another page that used to stand at this path);
//   - current: otherwise.
package translations

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"folio/hooks/schema"
)

// Register binds the translations concern's hooks and routes to app.
func Register(app core.App) error {
	app.OnRecordCreate(schema.CollectionPages).Bind(&hook.Handler[*core.RecordEvent]{Func: onPageSave, Priority: priorityAround})
	app.OnRecordUpdate(schema.CollectionPages).Bind(&hook.Handler[*core.RecordEvent]{Func: onPageSave, Priority: priorityAround})
	app.OnRecordCreate(schema.CollectionPages).Bind(&hook.Handler[*core.RecordEvent]{Func: onPageSaveState, Priority: priorityLast})
	app.OnRecordUpdate(schema.CollectionPages).Bind(&hook.Handler[*core.RecordEvent]{Func: onPageSaveState, Priority: priorityLast})
	app.OnRecordDelete(schema.CollectionPages).Bind(&hook.Handler[*core.RecordEvent]{Func: onPageDelete, Priority: priorityAround})
	app.OnRecordUpdate(schema.CollectionSpaces).Bind(&hook.Handler[*core.RecordEvent]{Func: onSpaceUpdate, Priority: priorityLast})
	app.OnServe().BindFunc(bindRoutes)
	bindPagesMoved(app)
	return nil
}
