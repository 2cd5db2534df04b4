package migrations_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/schema"
	_ "folio/migrations"
)

// Every field of pages that Folio writes itself says so in the dashboard.
func TestServerSetFieldsSaySoInTheDashboard(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	c, err := app.FindCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{schema.PageHTML, schema.PageTOC, schema.PageRevision, schema.PageLive, schema.PageAuthor, schema.PageEditor, schema.PageTranslationState} {
		f := c.Fields.GetByName(name)
		if f == nil {
			t.Fatalf("no field %s", name)
		}
		if help := helpOf(f); !strings.HasPrefix(help, "Set by Folio") {
			t.Errorf("%s help = %q", name, help)
		}
	}
}

func helpOf(f core.Field) string {
	switch f := f.(type) {
	case *core.TextField:
		return f.Help
	case *core.EditorField:
		return f.Help
	case *core.JSONField:
		return f.Help
	case *core.NumberField:
		return f.Help
	case *core.BoolField:
		return f.Help
	case *core.RelationField:
		return f.Help
	case *core.SelectField:
		return f.Help
	}
	return ""
}
