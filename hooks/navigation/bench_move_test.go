package navigation_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/navigation"
	"folio/hooks/schema"
)

// BenchmarkSubtreeMove moves a 1,000-page subtree with its 500 ko translations (1,501 pages,
// 1,501 redirects, one transaction) back and forth, as the bulk move and as a record save per
// page, against plain PocketBase in the same run: app.Save of the same 1,501 rows (a base
// collection with the same address fields and unique index, no Folio hooks) in one transaction,
// and a records-API list of the 1,000 en records:
//
//	go test ./hooks/navigation -run '^$' -bench SubtreeMove -benchtime 2x -count 1
func BenchmarkSubtreeMove(b *testing.B) {
	f, space := benchSpace(b, 1000)
	top := f.createPage(b, "public", "en", "bench", "live", nil)
	plain := plainCopy(b, f, space)
	move := func(b *testing.B) {
		to := []string{"moved", "bench"}
		for i := 0; b.Loop(); i++ {
			res := f.do(b, http.MethodPost, "/api/folio/pages/"+top.Id+"/move", "editor", map[string]any{"path": to[i%2], "subtree": true, "translations": true})
			if res.Status != http.StatusOK || len(res.Body["moved"].([]any)) != 1501 {
				b.Fatalf("move: %d %.300s", res.Status, res.Raw)
			}
		}
		if b.N%2 == 1 { // leave the subtree where the next run starts
			f.do(b, http.MethodPost, "/api/folio/pages/"+top.Id+"/move", "editor", map[string]any{"path": "bench", "subtree": true, "translations": true})
		}
	}
	b.Run("folio-bulk", move)
	b.Run("folio-record-saves", func(b *testing.B) {
		navigation.UseRecordSaves(b)
		move(b)
	})
	b.Run("pocketbase-save-1501", func(b *testing.B) {
		from := []string{"bench", "moved"}
		for i := 0; b.Loop(); i++ {
			err := f.app.RunInTransaction(func(tx core.App) error {
				var rows []*core.Record
				err := tx.RecordQuery(plain).AndWhere(dbx.Or(dbx.HashExp{"path": from[i%2]}, dbx.Like("path", from[i%2]+"/").Match(false, true))).All(&rows)
				if err != nil || len(rows) != 1501 {
					return fmt.Errorf("%d rows: %v", len(rows), err)
				}
				for _, r := range rows {
					r.Set("path", from[(i+1)%2]+strings.TrimPrefix(r.GetString("path"), from[i%2]))
					if err := tx.Save(r); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pocketbase-list-1000", func(b *testing.B) {
		filter := url.QueryEscape(fmt.Sprintf("space='%s' && locale='en' && path~'bench/'", space))
		for b.Loop() {
			res := f.do(b, http.MethodGet, "/api/collections/pages/records?skipTotal=1&perPage=1000&filter="+filter, "editor", nil)
			if res.Status != http.StatusOK || len(res.Body["items"].([]any)) != 1000 {
				b.Fatalf("list: %d %.200s", res.Status, res.Raw)
			}
		}
	})
}

// plainCopy copies the pages under bench into a base collection with the pages' address fields
// and unique address index and no Folio hooks, and returns its name.
func plainCopy(b *testing.B, f *fixture, space string) string {
	b.Helper()
	c := core.NewBaseCollection("plain_pages")
	c.Fields.Add(&core.TextField{Name: "space"}, &core.TextField{Name: "locale"}, &core.TextField{Name: "path", Max: 512},
		&core.TextField{Name: "title"}, &core.TextField{Name: "body"})
	c.AddIndex("idx_plain_pages_address", true, "space, locale, path", "")
	if err := f.app.Save(c); err != nil {
		b.Fatal(err)
	}
	err := f.app.RunInTransaction(func(tx core.App) error {
		var pages []*core.Record
		if err := tx.RecordQuery(schema.CollectionPages).AndWhere(dbx.HashExp{schema.PageSpace: space}).
			AndWhere(dbx.Or(dbx.HashExp{schema.PagePath: "bench"}, dbx.Like(schema.PagePath, "bench/").Match(false, true))).All(&pages); err != nil {
			return err
		}
		for _, p := range pages {
			r := core.NewRecord(c)
			for _, k := range []string{"space", "locale", "path", "title", "body"} {
				r.Set(k, p.Get(k))
			}
			if err := tx.Save(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return c.Name
}
