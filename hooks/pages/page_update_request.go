package pages

import (
	"fmt"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/saveread"
	"folio/hooks/schema"
)

// mergedKey is the response field that tells the client its stale edit was merged.
const mergedKey = "merged"

// onPageUpdateRequest runs when a client updates a page through the API, after the update
// rule passed. Inside one transaction — which the single SQLite writer serializes against every
// other save — it re-reads the head, and when the content changes it requires base_revision:
// equal to the head, the save goes through; older, the edit is merged three-way into the head
// or, if both sides changed the same place, refused with 409 and nothing is written.
func onPageUpdateRequest(e *core.RecordRequestEvent) error {
	if err := checkBodyLength(e.Record); err != nil {
		return err // before a merge reads it
	}
	info, note, err := readRequestNote(e.RequestEvent)
	if err != nil {
		return err
	}
	base, hasBase, err := readBase(e, info.Body)
	if err != nil {
		return e.BadRequestError("Invalid base_revision.", err)
	}
	pendingNotes.Store(e.Record, note)
	defer pendingNotes.Delete(e.Record)

	return e.App.RunInTransaction(func(tx core.App) error {
		e.App = tx
		head, err := tx.FindRecordById(schema.CollectionPages, e.Record.Id)
		if err != nil {
			return e.NotFoundError("The page was deleted.", err)
		}
		// The save below runs in tx: its hooks take this read of the row instead of their own.
		saveread.Seed(tx, e.Record, head)
		defer saveread.Unseed(e.Record)
		keepUnsentFields(e.Record, head, info.Body)
		if isUser(e.RequestEvent) {
			e.Record.Set(schema.PageAuthor, head.GetString(schema.PageAuthor))
			e.Record.Set(schema.PageEditor, e.Auth.Id)
		}
		merged, err := reconcile(e, tx, head, base, hasBase, info.Body)
		if err != nil {
			return err
		}
		if e.HasSuperuserAuth() {
			creditSuperuserEdit(e.Record, head)
		}
		e.Record.WithCustomData(true)
		e.Record.Set(mergedKey, merged)
		return e.Next()
	})
}

// readBase reads base_revision. A superuser's request without it falls back to the submitted
// revision field: the dashboard sends the whole record as it loaded it, so its edits are
// conflict-checked too.
func readBase(e *core.RecordRequestEvent, body map[string]any) (int, bool, error) {
	base, ok, err := readRevisionNumber(body, bodyBaseRevision)
	if err != nil || ok || !e.HasSuperuserAuth() {
		return base, ok, err
	}
	base, ok, err = readRevisionNumber(body, schema.PageRevision)
	if err != nil {
		return 0, false, nil // not a usable base: treated as missing
	}
	return base, ok, nil
}

// keepUnsentFields resets every field the client did not send to its value in head. The record
// was loaded before the transaction began; a field another writer changed since then must not
// be written back with its old value.
func keepUnsentFields(r, head *core.Record, body map[string]any) {
	for _, f := range r.Collection().Fields {
		name := f.GetName()
		if _, sent := body[name]; !sent {
			r.Set(name, head.Get(name))
		}
	}
}

// reconcile decides what an update may save. It returns whether a stale edit was merged into
// the head, or an error that rolls everything back (400 for a missing or impossible base, 409
// for overlapping changes).
func reconcile(e *core.RecordRequestEvent, tx core.App, head *core.Record, base int, hasBase bool, body map[string]any) (bool, error) {
	tags, err := normalizeTags(e.Record.Get(schema.PageTags))
	if err != nil {
		return false, e.BadRequestError("Invalid tags.", validation.Errors{schema.PageTags: err})
	}
	e.Record.Set(schema.PageTags, tags)
	yours, theirs := contentOfPage(e.Record), contentOfPage(head)
	if yours.equal(theirs) {
		return false, nil // not a content update: no base needed, no revision made
	}
	headRev := head.GetInt(schema.PageRevision)
	if !hasBase {
		return false, e.BadRequestError(
			fmt.Sprintf("Send base_revision, the revision your edit started from (the page is at revision %d).", headRev),
			validation.Errors{bodyBaseRevision: validation.NewError("validation_required", "base_revision is required when title, description, body or tags change.")})
	}
	if base > headRev {
		return false, e.BadRequestError(
			fmt.Sprintf("base_revision %d does not exist yet; the page is at revision %d.", base, headRev),
			validation.Errors{bodyBaseRevision: validation.NewError("validation_unknown_revision", "No such revision.")})
	}
	if base == headRev {
		return false, nil
	}
	baseRecord, err := findRevision(tx, head.Id, base)
	if err != nil {
		return false, e.BadRequestError(fmt.Sprintf("Revision %d of this page was not found.", base),
			validation.Errors{bodyBaseRevision: validation.NewError("validation_unknown_revision", "No such revision.")})
	}
	baseContent := contentOfRevision(baseRecord)
	merged, conflicts := mergeContent(baseContent, theirs, sentContent(yours, baseContent, body))
	if len(conflicts) > 0 {
		return false, conflictError(head, base, conflicts)
	}
	merged.setOn(e.Record)
	return true, nil
}

// sentContent is the client's side of a merge: what it sent, and for fields it did not send,
// the base — it did not change them, so the head's value must win.
func sentContent(yours, base pageContent, body map[string]any) pageContent {
	pick := func(field, y, b string) string {
		if _, ok := body[field]; ok {
			return y
		}
		return b
	}
	out := pageContent{
		Title:       pick(schema.PageTitle, yours.Title, base.Title),
		Description: pick(schema.PageDescription, yours.Description, base.Description),
		Body:        pick(schema.PageBody, yours.Body, base.Body),
		Tags:        base.Tags,
	}
	if _, ok := body[schema.PageTags]; ok {
		out.Tags = yours.Tags
	}
	return out
}
