package pages

import (
	"fmt"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"folio/hooks/schema"
)

// pageRestore answers POST /api/folio/pages/{id}/restore {revision, base_revision?, summary?}:
// the page's content becomes that of the given revision, saved as a new revision — history
// only grows. With base_revision, a page that moved on since is a 409 rather than overwritten.
// Whoever may edit the page may restore it; anyone else gets a 404.
func pageRestore(e *core.RequestEvent) error {
	page, err := findPageWithRule(e, func(c *core.Collection) *string { return c.UpdateRule })
	if err != nil {
		return err
	}
	info, note, err := readRequestNote(e)
	if err != nil {
		return err
	}
	n, ok, err := readRevisionNumber(info.Body, "revision")
	if err != nil || !ok {
		return e.BadRequestError("Send the number of the revision to restore.",
			validation.Errors{"revision": validation.NewError("validation_required", "A revision number is required.")})
	}
	base, hasBase, err := readRevisionNumber(info.Body, bodyBaseRevision)
	if err != nil {
		return e.BadRequestError("Invalid base_revision.", err)
	}
	if note.Summary == "" {
		note.Summary = fmt.Sprintf("Restored revision %d", n)
	}
	if page, err = restoreRevision(e, page.Id, n, base, hasBase, note); err != nil {
		return err
	}
	if err := apis.EnrichRecord(e, page); err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, page)
}

// restoreRevision saves revision n's content onto the page, in one transaction with the check of
// base against the head.
func restoreRevision(e *core.RequestEvent, pageId string, n, base int, hasBase bool, note revisionNote) (*core.Record, error) {
	var saved *core.Record
	err := e.App.RunInTransaction(func(tx core.App) error {
		head, err := tx.FindRecordById(schema.CollectionPages, pageId)
		if err != nil {
			return e.NotFoundError("", nil)
		}
		if headRev := head.GetInt(schema.PageRevision); hasBase && base != headRev {
			return restoreConflict(base, headRev)
		}
		rev, err := findRevision(tx, pageId, n)
		if err != nil {
			return e.NotFoundError(fmt.Sprintf("Revision %d of this page was not found.", n), nil)
		}
		contentOfRevision(rev).setOn(head)
		if isUser(e) {
			head.Set(schema.PageEditor, e.Auth.Id)
		}
		pendingNotes.Store(head, note)
		defer pendingNotes.Delete(head)
		if err := tx.Save(head); err != nil {
			return e.BadRequestError("Failed to restore the revision.", err)
		}
		saved = head
		return nil
	})
	return saved, err
}

func restoreConflict(base, head int) error {
	return &router.ApiError{
		Status: http.StatusConflict,
		Message: fmt.Sprintf("The page changed since revision %d (it is at revision %d); nothing was restored. "+
			"Look at the changes, then restore with base_revision %d.", base, head, head),
		Data: map[string]any{"base_revision": base, "head_revision": head, "conflicts": []conflict{}},
	}
}
