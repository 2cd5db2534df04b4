package attachments

import (
	"context"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/rerender"
	"folio/hooks/schema"
)

// onAttachmentAfterSaveSuccess runs once an upload or an edit of an attachment is committed:
// pages whose references wait for a file at its path (broken ones, or ones a locale's own
// file now overrides) and pages that pointed at it before a move are rendered again. A page
// that cannot be saved is logged and left as it was; the upload stands.
func onAttachmentAfterSaveSuccess(e *core.RecordEvent) error {
	a := schema.AsAttachment(e.Record)
	healPages(e.App, a.Space(), []string{a.Path()}, a.Id)
	return e.Next()
}

// onAttachmentAfterDeleteSuccess runs once a deleted attachment is gone: pages that showed it
// are rendered again, with the shared file when one is left at the path or as broken
// references (the asset report lists them) otherwise.
func onAttachmentAfterDeleteSuccess(e *core.RecordEvent) error {
	a := schema.AsAttachment(e.Record)
	healPages(e.App, a.Space(), []string{a.Path()}, a.Id)
	return e.Next()
}

// healPages saves again, marked as a re-render, every page of space with a reference to one of
// paths or to the attachment id. Its body does not change, so no revision is written; its html
// and page_assets rows follow the files, and realtime subscribers get the new html.
func healPages(app core.App, space string, paths []string, id string) {
	in := make([]any, len(paths))
	for i, p := range paths {
		in[i] = p
	}
	var ids []string
	err := app.DB().Select(schema.PageAssetPage).Distinct(true).From(schema.CollectionPageAssets).
		Where(dbx.HashExp{schema.PageAssetSpace: space}).
		AndWhere(dbx.Or(dbx.HashExp{schema.PageAssetPath: in}, dbx.HashExp{schema.PageAssetAltPath: in},
			dbx.HashExp{schema.PageAssetAttachment: id})).Column(&ids)
	if err != nil {
		app.Logger().Error("Failed to find the pages an attachment change affects", "error", err, "space", space)
		return
	}
	// The re-render mark: the pages concern renders the body again (its includes with it) and
	// onPageUpdate resolves the fresh html's files.
	ctx := rerender.With(context.Background(), map[string]bool{})
	for _, pageId := range ids {
		page, err := app.FindRecordById(schema.CollectionPages, pageId)
		if err != nil {
			continue // deleted meanwhile
		}
		if err := app.SaveWithContext(ctx, page); err != nil {
			app.Logger().Error("Failed to render a page again after an attachment change", "error", err, "page", pageId)
		}
	}
}
