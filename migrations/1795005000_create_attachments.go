package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// attachmentMaxSize is the ceiling of the file field: PocketBase refuses a larger upload before
// any hook runs, and sizes the request body limit from it. The limit Folio enforces
// (FOLIO_ATTACHMENT_MAX_SIZE) is at most this.
const attachmentMaxSize = 100 << 20

// Creates attachments: the files of a space, one per (space, locale, path), the file field
// protected so that a private space's files need PocketBase's file token. Readers of the space
// read; editors and above upload and edit; owners and admins delete. Deleting the space deletes
// its attachments, and with them their files in storage.
func init() {
	m.Register(func(app core.App) error {
		spaces, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
		if err != nil {
			return err
		}
		c := core.NewBaseCollection(schema.CollectionAttachments)
		c.Fields.Add(
			&core.RelationField{Name: schema.AttachmentSpace, CollectionId: spaces.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: schema.AttachmentPath, Max: 512},
			&core.TextField{Name: schema.AttachmentLocale, Max: 35},
			&core.FileField{Name: schema.AttachmentFile, MaxSelect: 1, MaxSize: attachmentMaxSize, Protected: true, Thumbs: schema.AttachmentThumbs},
			&core.TextField{Name: schema.AttachmentAlt, Max: 500},
			&core.TextField{Name: schema.AttachmentTitle, Max: 300},
			&core.NumberField{Name: schema.AttachmentSize, OnlyInt: true},
			&core.TextField{Name: schema.AttachmentMime, Max: 255},
			&core.TextField{Name: schema.AttachmentSHA256, Max: 64},
			&core.RelationField{Name: schema.AttachmentUploader, CollectionId: users.Id, MaxSelect: 1},
			&core.AutodateField{Name: schema.AttachmentCreated, OnCreate: true},
			&core.AutodateField{Name: schema.AttachmentUpdated, OnCreate: true, OnUpdate: true},
		)
		// Path before locale: a page save looks its references up by (space, path IN …).
		c.AddIndex("idx_attachments_address", true, fmt.Sprintf("%s, %s, %s", schema.AttachmentSpace, schema.AttachmentPath, schema.AttachmentLocale), "")
		c.AddIndex("idx_attachments_sha256", false, schema.AttachmentSpace+", "+schema.AttachmentSHA256, "")
		setAttachmentRules(c)
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionAttachments)
	})
}

func setAttachmentRules(c *core.Collection) {
	read := fmt.Sprintf("%s.%s = %q || (%s)", schema.AttachmentSpace, schema.SpaceVisibility, schema.VisibilityPublic,
		memberRule(schema.AttachmentSpace))
	c.ListRule = types.Pointer(read)
	c.ViewRule = types.Pointer(read)
	c.CreateRule = types.Pointer(fmt.Sprintf("@request.auth.collectionName = %q && %s",
		schema.CollectionUsers, memberRule(schema.AttachmentSpace, writers...)))
	c.UpdateRule = types.Pointer(fmt.Sprintf("@request.body.%s:changed = false && %s",
		schema.AttachmentSpace, memberRule(schema.AttachmentSpace, writers...)))
	c.DeleteRule = types.Pointer(memberRule(schema.AttachmentSpace, managers...))
}
