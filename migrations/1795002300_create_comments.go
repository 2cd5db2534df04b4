package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Creates comments on pages. body is markdown; html is its sanitized rendering, written by the
// pages hooks. Replies cascade with their parent (a thread is removed whole); the author
// relation does not cascade, so a deleted account leaves its comments, detached.
func init() {
	m.Register(func(app core.App) error {
		pages, err := app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
		if err != nil {
			return err
		}
		c := core.NewBaseCollection(schema.CollectionComments)
		c.Fields.Add(
			&core.RelationField{Name: schema.CommentPage, CollectionId: pages.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: schema.CommentAuthor, CollectionId: users.Id, MaxSelect: 1},
			&core.TextField{Name: schema.CommentBody, Required: true, Max: 10000},
			&core.TextField{Name: schema.CommentHTML, Max: 100000},
			&core.BoolField{Name: schema.CommentResolved},
			&core.AutodateField{Name: schema.CommentCreated, OnCreate: true},
			&core.AutodateField{Name: schema.CommentUpdated, OnCreate: true, OnUpdate: true},
		)
		c.AddIndex("idx_comments_page", false, schema.CommentPage, "")
		if err := app.Save(c); err != nil {
			return err
		}
		// The self-relation can only point at a collection that exists.
		c.Fields.AddAt(3, &core.RelationField{Name: schema.CommentParent, CollectionId: c.Id, MaxSelect: 1, CascadeDelete: true})
		c.AddIndex("idx_comments_parent", false, schema.CommentParent, "")
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionComments)
	})
}
