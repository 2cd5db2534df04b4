package migrations

import (
	"encoding/json"
	"html"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"folio/hooks/schema"
)

// Gives every stored table of contents entry its "html": the entry's plain text escaped for
// HTML, which shows exactly the text when inserted with innerHTML (pages rendered from now on
// get it from the renderer). The rows are rewritten directly: nothing a reader sees changes, so
// no revision is written.
func init() {
	m.Register(func(app core.App) error {
		const batch = 500
		last := ""
		for {
			var rows []struct {
				Id  string `db:"id"`
				TOC string `db:"toc"`
			}
			err := app.DB().Select("id", schema.PageTOC).From(schema.CollectionPages).
				Where(dbx.NewExp("[[id]] > {:last}", dbx.Params{"last": last})).
				OrderBy("id").Limit(batch).All(&rows)
			if err != nil {
				return err
			}
			for _, r := range rows {
				if err := addTOCHTML(app, r.Id, r.TOC); err != nil {
					return err
				}
				last = r.Id
			}
			if len(rows) < batch {
				return nil
			}
		}
	}, nil)
}

func addTOCHTML(app core.App, id, raw string) error {
	var toc []map[string]any
	if raw == "" || json.Unmarshal([]byte(raw), &toc) != nil || len(toc) == 0 {
		return nil
	}
	for _, e := range toc {
		text, _ := e["text"].(string)
		e["html"] = html.EscapeString(text)
	}
	out, err := json.Marshal(toc)
	if err != nil {
		return err
	}
	_, err = app.DB().Update(schema.CollectionPages, dbx.Params{schema.PageTOC: string(out)}, dbx.HashExp{"id": id}).Execute()
	return err
}
