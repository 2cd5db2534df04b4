package transfer

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// gitSource names one history replayed into a space: a repository (by a name the caller
// chooses, so the same history read from a clone or a bundle is the same source), a ref and
// the folder of the pages inside it.
type gitSource struct {
	space, name, ref, subdir string
}

// findGitSync returns the sync row of src, or nil before its first import.
func findGitSync(app core.App, src gitSource) (*core.Record, error) {
	rec := &core.Record{}
	err := app.RecordQuery(schema.CollectionGitSyncs).AndWhere(dbx.HashExp{
		schema.GitSyncSpace: src.space, schema.GitSyncSource: src.name,
		schema.GitSyncRef: src.ref, schema.GitSyncSubdir: src.subdir,
	}).Limit(1).One(rec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// saveGitSync records commit as the last one of src whose changes are saved, through app (the
// transaction that saved them, so the two never disagree).
func saveGitSync(app core.App, src gitSource, commit string) error {
	rec, err := findGitSync(app, src)
	if err != nil {
		return err
	}
	if rec == nil {
		col, err := app.FindCachedCollectionByNameOrId(schema.CollectionGitSyncs)
		if err != nil {
			return err
		}
		rec = core.NewRecord(col)
		rec.Set(schema.GitSyncSpace, src.space)
		rec.Set(schema.GitSyncSource, src.name)
		rec.Set(schema.GitSyncRef, src.ref)
		rec.Set(schema.GitSyncSubdir, src.subdir)
	}
	rec.Set(schema.GitSyncCommit, commit)
	rec.Set(schema.GitSyncCommits, rec.GetInt(schema.GitSyncCommits)+1)
	return app.Save(rec)
}
