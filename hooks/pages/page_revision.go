package pages

import (
	"sync"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// revisionNote is what a client may say about its change: a summary and whether it is minor.
// They are not page fields, so they travel from the request hook to the save hook here.
type revisionNote struct {
	Summary string
	Minor   bool
}

// pendingNotes maps the *core.Record being saved to its note, between the request hook that
// read the body and the save hook that writes the revision.
var pendingNotes sync.Map

func noteFor(r *core.Record) revisionNote {
	if n, ok := pendingNotes.Load(r); ok {
		return n.(revisionNote)
	}
	return revisionNote{}
}

// writeRevision appends revision number n of page with its content, in the caller's
// transaction (app is the transaction app).
func writeRevision(app core.App, page *core.Record, n int, c pageContent, note revisionNote) error {
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionRevisions)
	if err != nil {
		return err
	}
	rev := core.NewRecord(col)
	rev.Set(schema.RevisionPage, page.Id)
	rev.Set(schema.RevisionNumber, n)
	rev.Set(schema.RevisionTitle, c.Title)
	rev.Set(schema.RevisionDescription, c.Description)
	rev.Set(schema.RevisionBody, c.Body)
	rev.Set(schema.RevisionTags, nonNil(c.Tags))
	rev.Set(schema.RevisionEditor, page.GetString(schema.PageEditor))
	rev.Set(schema.RevisionSummary, note.Summary)
	rev.Set(schema.RevisionMinor, note.Minor)
	rev.Set(schema.RevisionHash, c.hash())
	// The page was just written in this transaction and its editor checked by its validation.
	return saveDerived(app, rev, schema.RevisionPage, schema.RevisionEditor)
}

// findRevision returns revision n of page, read through app (a transaction when called from a
// save).
func findRevision(app core.App, pageId string, n int) (*core.Record, error) {
	return app.FindFirstRecordByFilter(schema.CollectionRevisions,
		schema.RevisionPage+" = {:page} && "+schema.RevisionNumber+" = {:n}",
		map[string]any{"page": pageId, "n": n})
}
