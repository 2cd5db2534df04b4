package pages_test

import (
	"encoding/json"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// Pages rendered before toc entries carried html get it from the migration: the entry's text,
// escaped, exactly what the renderer now writes for a heading whose text reads like markup.
func TestTOCHTMLMigration(t *testing.T) {
	f := newFixture(t)
	page := f.pages["public/live"]
	old := `[{"level":1,"id":"x","text":"<img src=x onerror=alert(1)> & \"q\""}]`
	if _, err := f.app.DB().Update(schema.CollectionPages, dbx.Params{schema.PageTOC: old}, dbxId(page.Id)).Execute(); err != nil {
		t.Fatal(err)
	}
	ran := false
	for _, mig := range core.AppMigrations.Items() {
		if mig.File == "1795009100_toc_html.go" {
			if err := mig.Up(f.app); err != nil {
				t.Fatal(err)
			}
			ran = true
		}
	}
	if !ran {
		t.Fatal("the toc html migration is not registered")
	}
	var toc []map[string]any
	if err := json.Unmarshal([]byte(f.head(t, page.Id).GetString(schema.PageTOC)), &toc); err != nil {
		t.Fatal(err)
	}
	if len(toc) != 1 || toc[0]["html"] != "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;q&#34;" || toc[0]["text"] != "<img src=x onerror=alert(1)> & \"q\"" {
		t.Errorf("toc after the migration: %v", toc)
	}
}
