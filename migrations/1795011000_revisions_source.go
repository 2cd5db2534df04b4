package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Adds source_author and source_commit to revisions: who wrote a revision replayed from a git
// commit ("Name <email>"; git authors are not Folio users) and which commit it was.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionRevisions)
		if err != nil {
			return err
		}
		c.Fields.Add(
			&core.TextField{Name: schema.RevisionSourceAuthor, Max: 500},
			&core.TextField{Name: schema.RevisionSourceCommit, Max: 64},
		)
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionRevisions)
		if err != nil {
			return err
		}
		c.Fields.RemoveByName(schema.RevisionSourceAuthor)
		c.Fields.RemoveByName(schema.RevisionSourceCommit)
		return app.Save(c)
	})
}
