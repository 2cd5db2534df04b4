package pages

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/markdown"
	"folio/hooks/schema"
)

// checkBodyLength refuses a page body longer than the configured limit. It runs first on every
// path that saves a page — API, dashboard, import, restore — before anything merges or renders it.
func checkBodyLength(r *core.Record) error {
	return lengthError(schema.PageBody, "body", r.GetString(schema.PageBody), markdown.Limits().Body)
}

// checkCommentLength is checkBodyLength for a comment.
func checkCommentLength(r *core.Record) error {
	return lengthError(schema.CommentBody, "comment", r.GetString(schema.CommentBody), markdown.Limits().Comment)
}

func lengthError(field, what, value string, max int) error {
	if err := markdown.CheckLength(value, max); err != nil {
		return validation.Errors{field: validation.NewError("validation_too_long", "The "+what+" "+err.Error()+".")}
	}
	return nil
}
