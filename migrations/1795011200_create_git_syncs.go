package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Creates git_syncs: per space and source, the last git commit whose changes an import saved,
// so the next run replays only what came after. Written by the import only; every API rule
// stays nil (superusers only).
func init() {
	m.Register(func(app core.App) error {
		spaces, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
		if err != nil {
			return err
		}
		c := core.NewBaseCollection(schema.CollectionGitSyncs)
		c.Fields.Add(
			&core.RelationField{Name: schema.GitSyncSpace, CollectionId: spaces.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: schema.GitSyncSource, Required: true, Max: 500, Presentable: true},
			&core.TextField{Name: schema.GitSyncRef, Max: 500},
			&core.TextField{Name: schema.GitSyncSubdir, Max: 2000},
			&core.TextField{Name: schema.GitSyncCommit, Required: true, Max: 64},
			&core.NumberField{Name: schema.GitSyncCommits, OnlyInt: true},
			&core.AutodateField{Name: schema.GitSyncUpdated, OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_git_syncs_space_source", true, schema.GitSyncSpace+", "+schema.GitSyncSource+", "+schema.GitSyncRef+", "+schema.GitSyncSubdir, "")
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionGitSyncs)
	})
}
