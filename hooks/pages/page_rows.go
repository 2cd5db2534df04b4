package pages

import (
	"context"
	"slices"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// saveDerived validates and inserts row, a record the page's save derives from the page in
// its own transaction (a revision, a link row), skipping PocketBase's existence check of the
// relation fields named in proven. Each of those names a row the same transaction has just
// written or checked — the page itself, its space and editor as the page's own validation
// counted them — so the check would only read them again, a statement per field. Every other
// field is validated as PocketBase's own validation does it.
func saveDerived(app core.App, row *core.Record, proven ...string) error {
	errs := validation.Errors{}
	for _, f := range row.Collection().Fields {
		// An id (or other text) a new row leaves empty is generated from the field's pattern
		// when the row is inserted, after the create hooks, as PocketBase's own save does it.
		if t, ok := f.(*core.TextField); ok && t.AutogeneratePattern != "" && row.IsNew() && row.GetString(t.Name) == "" {
			continue
		}
		if _, rel := f.(*core.RelationField); rel && slices.Contains(proven, f.GetName()) {
			continue
		}
		if err := f.ValidateValue(context.Background(), app, row); err != nil {
			errs[f.GetName()] = err
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return app.SaveNoValidate(row)
}
