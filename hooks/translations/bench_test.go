package translations_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// BenchmarkTranslations measures the upkeep's cost on a save and the two reports, on a space of
// 1,000 groups (en and ko everywhere, ja in a quarter: 2,250 pages). Run it alone:
//
//	go test ./hooks/translations/ -run '^$' -bench Translations -benchtime 100x
func BenchmarkTranslations(b *testing.B) {
	f := newFixture(b)
	for i := 1; i < 1000; i++ {
		f.page(b, "docs", "en", fmt.Sprintf("bench/%d", i), nil)
		f.page(b, "docs", "ko", fmt.Sprintf("bench/%d", i), nil)
		if i%4 == 0 {
			f.page(b, "docs", "ja", fmt.Sprintf("bench/%d", i), nil)
		}
	}
	g := f.group(b, "docs", "bench/0")
	alone := f.page(b, "docs", "en", "bench/alone", nil)
	edit := func(page *core.Record, i int) {
		page = f.fresh(b, page)
		page.Set(schema.PageBody, fmt.Sprintf("# Edit %d\n\nText.\n", i))
		if err := f.app.Save(page); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("edit of a page without translations", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			edit(alone, i)
		}
	})
	b.Run("source edit outdating 3 translations", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			head := f.fresh(b, g["en"]).GetInt(schema.PageRevision)
			for _, l := range []string{"ko", "ja", "zh"} {
				tr := f.fresh(b, g[l])
				tr.Set(schema.PageSourceRevision, head)
				if err := f.app.Save(tr); err != nil {
					b.Fatal(err)
				}
			}
			b.StartTimer()
			edit(g["en"], i)
		}
	})
	f.handler(b)
	report := func(url string) func(b *testing.B) {
		return func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if res := f.do(b, http.MethodGet, url, viewer, nil); res.Status != http.StatusOK {
					b.Fatalf("%s: %d", url, res.Status)
				}
			}
		}
	}
	b.Run("space report, 2250 pages, as a viewer", report("/api/folio/spaces/"+f.spaces["docs"].Id+"/translations"))
	b.Run("group report with a source diff", report("/api/folio/pages/"+g["ko"].Id+"/translations"))
}
