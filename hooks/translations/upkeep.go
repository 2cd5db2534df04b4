package translations

import (
	"context"
	"errors"
	"fmt"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"folio/hooks/schema"
)

// Hook priorities. The group upkeep runs around every other concern's page hooks: its
// transaction holds theirs, so after e.Next() it sees the page and the revision the pages
// concern wrote, and can bring the rest of the group in step before anything commits. A page's
// own state is set last before the write, once the pages concern has normalized its locale and
// path. The space hook also runs last, after the spaces concern normalized source_locale.
const (
	priorityAround = -10
	priorityLast   = 10
)

// upkeepKey marks, in a save's context, a save this package makes to write a state it has
// already computed: the hooks let it through without recomputing, which is also what stops the
// upkeep of one page from recursing into the upkeep of its group.
type upkeepKey struct{}

func isUpkeep(ctx context.Context) bool {
	return ctx != nil && ctx.Value(upkeepKey{}) != nil
}

// saveUpkeep saves page, whose translation state or source_revision changed, through app (the
// caller's transaction). It goes through every hook like any save, so PocketBase broadcasts the
// realtime update once the transaction commits. A page that its own concern refuses to save as
// it stands (say, in a locale since removed from the space) stops the whole write with a 400
// naming that page, rather than leaving its state wrong.
func saveUpkeep(app core.App, page *core.Record) error {
	err := app.SaveWithContext(context.WithValue(context.Background(), upkeepKey{}, true), page)
	var invalid validation.Errors
	if errors.As(err, &invalid) {
		return router.NewBadRequestError(fmt.Sprintf(
			"The %s page at %q must be updated to keep its translation state right, but it cannot be saved as it stands (%v). Fix or delete that page first.",
			page.GetString(schema.PageLocale), page.GetString(schema.PagePath), invalid), nil)
	}
	return err
}
