package navigation_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// benchSpace seeds a public space with n en pages in sections of 20 (docs/s<i>/p<j>), the
// first half translated to ko, and returns the fixture. A viewer's reads pay the full rule.
func benchSpace(b testing.TB, n int) (*fixture, string) {
	f := newFixture(b)
	space := f.spaces["public"].Id
	err := f.app.RunInTransaction(func(tx core.App) error {
		col, _ := tx.FindCollectionByNameOrId(schema.CollectionPages)
		for i := range n {
			for _, locale := range []string{"en", "ko"} {
				if locale == "ko" && i >= n/2 {
					continue
				}
				r := core.NewRecord(col)
				r.Load(map[string]any{schema.PageSpace: space, schema.PageLocale: locale,
					schema.PagePath: fmt.Sprintf("bench/s%03d/p%02d", i/20, i%20), schema.PageTitle: fmt.Sprintf("Page %d", i),
					schema.PageBody: "# Page\n\nText.\n", schema.PageStatus: schema.PagePublished, schema.PageWeight: i % 7})
				if err := tx.Save(r); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return f, space
}

// BenchmarkNavigation compares each navigation read with a plain PocketBase records-API list of
// the same records, in the same run, as the viewer:
//
//	go test ./hooks/navigation -run '^$' -bench Navigation -benchtime 20x -count 1
func BenchmarkNavigation(b *testing.B) {
	const n = 10_000
	f, space := benchSpace(b, n)
	get := func(b *testing.B, u string) testapp.Response {
		res := f.do(b, http.MethodGet, u, "viewer", nil)
		if res.Status != http.StatusOK {
			b.Fatalf("%s: %d %.300s", u, res.Status, res.Raw)
		}
		return res
	}
	fields := "id,locale,path,title,link_title,weight,translation_state"
	b.Run("tree-10k-ko/folio", func(b *testing.B) {
		for b.Loop() {
			get(b, "/api/folio/spaces/"+space+"/tree?locale=ko&path=bench")
		}
	})
	b.Run("tree-10k-ko/pocketbase-list", func(b *testing.B) {
		// The same rows a ko tree reads, en and ko: ten pages of 1,000 (PocketBase's largest).
		all := url.QueryEscape(fmt.Sprintf("space='%s' && path~'bench/'", space))
		for b.Loop() {
			for page := 1; page <= 15; page++ {
				get(b, "/api/collections/pages/records?skipTotal=1&perPage=1000&page="+fmt.Sprint(page)+"&fields="+fields+"&filter="+all)
			}
		}
	})
	b.Run("resolve-fallback/folio", func(b *testing.B) {
		for b.Loop() {
			get(b, "/api/folio/spaces/"+space+"/resolve?locale=ko&path=bench/s400/p07")
		}
	})
	b.Run("resolve-fallback/pocketbase-list", func(b *testing.B) {
		// A client doing it by hand: look for the ko page, then the en one.
		for b.Loop() {
			for _, l := range []string{"ko", "en"} {
				get(b, "/api/collections/pages/records?skipTotal=1&perPage=1&filter="+url.QueryEscape(fmt.Sprintf("space='%s' && locale='%s' && path='bench/s400/p07'", space, l)))
			}
		}
	})
}

// BenchmarkMove1000 moves a 1,000-page subtree (en and ko) back and forth, each move one
// transaction with 1,000 redirects, against a plain list of the same 1,000 records:
//
//	go test ./hooks/navigation -run '^$' -bench Move1000 -benchtime 4x -count 1
func BenchmarkMove1000(b *testing.B) {
	f, space := benchSpace(b, 1000)
	// The subtree root is bench: give it a page of its own to move.
	top := f.createPage(b, "public", "en", "bench", "live", nil)
	b.Run("folio", func(b *testing.B) {
		to := []string{"moved", "bench"}
		i := 0
		for b.Loop() {
			res := f.do(b, http.MethodPost, "/api/folio/pages/"+top.Id+"/move", "editor", map[string]any{"path": to[i%2], "subtree": true, "translations": true})
			if res.Status != http.StatusOK {
				b.Fatalf("move: %d %.300s", res.Status, res.Raw)
			}
			i++
		}
	})
	b.Run("pocketbase-list", func(b *testing.B) {
		filter := url.QueryEscape(fmt.Sprintf("space='%s' && locale='en'", space))
		for b.Loop() {
			res := f.do(b, http.MethodGet, "/api/collections/pages/records?skipTotal=1&perPage=1000&filter="+filter, "editor", nil)
			if res.Status != http.StatusOK {
				b.Fatal(res.Status)
			}
		}
	})
}
