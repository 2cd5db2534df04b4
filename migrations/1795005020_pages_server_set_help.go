package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// serverSetHelp is the dashboard's help text of the pages fields Folio writes itself: an admin
// editing a page there sees that a value typed into them is replaced on save.
var serverSetHelp = map[string]string{
	schema.PageHTML:             "Set by Folio: the body rendered and sanitized on every save. Edit the body instead.",
	schema.PageTOC:              "Set by Folio: the body's headings, on every save. Edit the body instead.",
	schema.PageRevision:         "Set by Folio: the number of the latest revision. Not editable.",
	schema.PageLive:             "Set by Folio: whether the page is published and inside its publish window now (kept by a job every minute).",
	schema.PageAuthor:           "Set by Folio: who created the page. A superuser's edit leaves it as it is.",
	schema.PageEditor:           "Set by Folio: who made the latest content edit. A superuser's edit is credited to nobody (empty).",
	schema.PageTranslationState: "Set by Folio: source, current, outdated or orphaned, from the source page's revisions. Send source_revision to catch up.",
}

// setHelp sets the help text of a field of any kind that has one.
func setHelp(f core.Field, text string) {
	switch f := f.(type) {
	case *core.TextField:
		f.Help = text
	case *core.EditorField:
		f.Help = text
	case *core.JSONField:
		f.Help = text
	case *core.NumberField:
		f.Help = text
	case *core.BoolField:
		f.Help = text
	case *core.RelationField:
		f.Help = text
	case *core.SelectField:
		f.Help = text
	}
}

func init() {
	apply := func(app core.App, help func(name string) string) error {
		c, err := app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		for name := range serverSetHelp {
			if f := c.Fields.GetByName(name); f != nil {
				setHelp(f, help(name))
			}
		}
		return app.Save(c)
	}
	m.Register(func(app core.App) error {
		return apply(app, func(name string) string { return serverSetHelp[name] })
	}, func(app core.App) error {
		return apply(app, func(string) string { return "" })
	})
}
