package pages

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/markdown"
	"folio/hooks/schema"
)

// onCommentCreateRequest runs when a client posts a comment, after the create rule let a
// reader of the page through: the author is the signed-in user, whatever the body says.
func onCommentCreateRequest(e *core.RecordRequestEvent) error {
	if isUser(e.RequestEvent) {
		e.Record.Set(schema.CommentAuthor, e.Auth.Id)
	}
	return e.Next()
}

// onCommentSave runs for every comment save, API or not: a reply must be on its parent's
// page, and the markdown body is rendered to sanitized html when it changed (the stored
// html is kept otherwise, whatever the caller sent).
func onCommentSave(e *core.RecordEvent) error {
	if err := checkCommentLength(e.Record); err != nil {
		return err
	}
	if err := checkParent(e.App, e.Record); err != nil {
		return err
	}
	body := e.Record.GetString(schema.CommentBody)
	if !e.Record.IsNew() && body == e.Record.Original().GetString(schema.CommentBody) {
		e.Record.Set(schema.CommentHTML, e.Record.Original().GetString(schema.CommentHTML))
		return e.Next()
	}
	out, err := markdown.Render(body)
	if err != nil {
		e.App.Logger().Error("Failed to render a comment", "error", err, "comment", e.Record.Id)
		return validation.Errors{schema.CommentBody: validation.NewError("validation_render_failed", "The comment could not be rendered; check its markdown.")}
	}
	e.Record.Set(schema.CommentHTML, out.HTML)
	return e.Next()
}

func checkParent(app core.App, r *core.Record) error {
	parentId := r.GetString(schema.CommentParent)
	if parentId == "" {
		return nil
	}
	parent, err := app.FindRecordById(schema.CollectionComments, parentId)
	if err != nil || parent.GetString(schema.CommentPage) != r.GetString(schema.CommentPage) || parentId == r.Id {
		return validation.Errors{schema.CommentParent: validation.NewError("validation_parent_elsewhere",
			"A reply must answer a comment on the same page.")}
	}
	return nil
}
