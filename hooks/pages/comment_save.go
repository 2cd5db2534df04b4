package pages

import (
	"fmt"

	"github.com/pocketbase/dbx"
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

// maxReplyDepth is how many comments deep a thread may go: a comment, its reply, the reply's
// reply… 32 in all. Deleting a comment deletes its replies one level of recursion each (the
// parent relation cascades), and a chain of 4,000 replies, which the batch API builds in a few
// dozen requests, took 0.7 GB of memory to delete; some thousands more end the server.
const maxReplyDepth = 32

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
	if !r.IsNew() && parentId == r.Original().GetString(schema.CommentParent) {
		return nil
	}
	depth, err := replyDepth(app, parentId)
	if err != nil {
		return err
	}
	if depth >= maxReplyDepth {
		return validation.Errors{schema.CommentParent: validation.NewError("validation_reply_too_deep",
			fmt.Sprintf("Replies nest at most %d deep; answer an earlier comment of the thread.", maxReplyDepth))}
	}
	return nil
}

// replyDepth returns how many comments the chain from id up to its thread's first comment
// holds (1 for a comment that answers none), counting no further than maxReplyDepth+1.
func replyDepth(app core.App, id string) (int, error) {
	var depth int
	err := app.DB().NewQuery(`
		WITH RECURSIVE chain(id, depth) AS (
			SELECT {:id}, 1
			UNION ALL
			SELECT c.parent, chain.depth + 1 FROM ` + schema.CollectionComments + ` c JOIN chain ON c.id = chain.id
			WHERE c.parent != '' AND chain.depth <= {:max}
		)
		SELECT MAX(depth) FROM chain`).Bind(dbx.Params{"id": id, "max": maxReplyDepth}).Row(&depth)
	return depth, err
}
