package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Creates pages: one markdown document at a (space, locale, path). html, toc, live, revision,
// author and editor are written by the pages hooks, whatever a client sends. Authors and
// editors are not cascade-deleted with their account: the content stays, detached. The API
// rules come with the page access migration, once revisions, links and comments exist.
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
		c := core.NewBaseCollection(schema.CollectionPages)
		c.Fields.Add(
			&core.RelationField{Name: schema.PageSpace, CollectionId: spaces.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.TextField{Name: schema.PageLocale, Required: true, Max: 35, Pattern: localePattern},
			&core.TextField{Name: schema.PagePath, Required: true, Max: 512, Presentable: true},
			&core.TextField{Name: schema.PageTitle, Required: true, Max: 300, Presentable: true},
			&core.TextField{Name: schema.PageDescription, Max: 2000},
			&core.TextField{Name: schema.PageBody, Max: pageBodyMax},
			&core.TextField{Name: schema.PageHTML, Max: 4 * pageBodyMax},
			&core.JSONField{Name: schema.PageTOC, MaxSize: 1 << 20},
			&core.JSONField{Name: schema.PageTags, MaxSize: 16 << 10},
			&core.SelectField{Name: schema.PageStatus, MaxSelect: 1, Values: []string{schema.PageDraft, schema.PagePublished}},
			&core.DateField{Name: schema.PagePublishAt},
			&core.DateField{Name: schema.PageUnpublishAt},
			&core.BoolField{Name: schema.PageLive},
			&core.RelationField{Name: schema.PageAuthor, CollectionId: users.Id, MaxSelect: 1},
			&core.RelationField{Name: schema.PageEditor, CollectionId: users.Id, MaxSelect: 1},
			&core.NumberField{Name: schema.PageRevision, OnlyInt: true},
			&core.NumberField{Name: schema.PageSourceRevision, OnlyInt: true},
			&core.SelectField{Name: schema.PageTranslationState, MaxSelect: 1, Values: []string{
				schema.TranslationSource, schema.TranslationCurrent, schema.TranslationOutdated, schema.TranslationOrphaned}},
			&core.JSONField{Name: schema.PageExtra, MaxSize: 64 << 10},
			&core.AutodateField{Name: schema.PageCreated, OnCreate: true},
			&core.AutodateField{Name: schema.PageUpdated, OnCreate: true, OnUpdate: true},
		)
		// Paths compare exactly (BINARY) after NFC normalization: Wiki.js paths are
		// case-sensitive, and MDN-style trees hold case variants that must stay distinct.
		c.AddIndex("idx_pages_space_locale_path", true, schema.PageSpace+", "+schema.PageLocale+", "+schema.PagePath, "")
		c.AddIndex("idx_pages_publish_at", false, schema.PagePublishAt, "")
		c.AddIndex("idx_pages_unpublish_at", false, schema.PageUnpublishAt, "")
		return app.Save(c)
	}, func(app core.App) error {
		return deleteCollection(app, schema.CollectionPages)
	})
}

// pageBodyMax is the longest page body, in characters; the largest pages of the public
// documentation corpora Folio imports are well under a tenth of it.
const pageBodyMax = 1 << 20
