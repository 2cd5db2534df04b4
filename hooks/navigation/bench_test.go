package navigation_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/navigation"
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

// serve sends one GET as caller and checks the status, without decoding the answer (the
// client's JSON parsing is no part of the route's cost). It returns the answer's size.
func (f *fixture) serve(b *testing.B, u, caller string) int {
	req := httptest.NewRequest(http.MethodGet, u, nil)
	req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:1234", (f.requests>>16)&255, (f.requests>>8)&255, f.requests&255)
	f.requests++
	if caller != "guest" {
		req.Header.Set("Authorization", f.tokens[caller])
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %.300s", u, rec.Code, rec.Body.Bytes())
	}
	return rec.Body.Len()
}

// runCPU runs fn as the sub-benchmark name and also reports the process's CPU time per
// operation (cpu-ms/op) from the first loop on, which a machine busy with other work inflates
// far less than the wall-clock time. fn loops with cpuLoop.
func runCPU(b *testing.B, name string, fn func(b *testing.B)) {
	b.Run(name, func(b *testing.B) {
		cpuStart = 0
		fn(b)
		b.ReportMetric(float64((cpuTime()-cpuStart).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	})
}

var cpuStart time.Duration

// cpuLoop is b.Loop that starts the CPU clock on its first call, after the warm-up.
func cpuLoop(b *testing.B) bool {
	if cpuStart == 0 {
		cpuStart = cpuTime()
	}
	return b.Loop()
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkNavigation compares each navigation read with plain PocketBase records-API lists of
// the same records, in the same run, as the viewer (the pages rule applies to both):
//
//	go test ./hooks/navigation -run '^$' -bench Navigation -benchtime 5x -count 1
//
// "folio" reads a space whose snapshot and encoded answer are current; "folio-unkept" builds
// and encodes the answer from the current snapshot each time; "folio-after-write" changes one
// page's title by SQL before each tree, so every tree first brings the snapshot up to date by
// reading that page again; "folio-after-bulk-write" changes 2,000 pages' titles by SQL before
// each tree, more than the snapshot follows page by page, so every tree rebuilds it first.
func BenchmarkNavigation(b *testing.B) {
	const n = 10_000
	f, space := benchSpace(b, n)
	fields := "id,locale,path,title,link_title,weight,translation_state"
	list := func(b *testing.B, filter string, perPage, pages int) {
		for page := 1; page <= pages; page++ {
			f.serve(b, fmt.Sprintf("/api/collections/pages/records?skipTotal=1&perPage=%d&page=%d&fields=%s&filter=%s",
				perPage, page, fields, url.QueryEscape(filter)), "viewer")
		}
	}
	tree := "/api/folio/spaces/" + space + "/tree?locale=ko&path=bench"
	runCPU(b, "tree-10k-ko/folio", func(b *testing.B) {
		// Warm: the first tree builds the snapshot (timed in folio-after-write).
		size := f.serve(b, tree, "viewer")
		for cpuLoop(b) {
			size = f.serve(b, tree, "viewer")
		}
		b.ReportMetric(float64(size), "answer-B")
	})
	runCPU(b, "tree-10k-ko/folio-unkept", func(b *testing.B) {
		// The snapshot is current but the answer is built afresh: filtered, built, encoded.
		navigation.KeepTreeAnswers(false)
		defer navigation.KeepTreeAnswers(true)
		for cpuLoop(b) {
			f.serve(b, tree, "viewer")
		}
	})
	// afterWrite times a tree after each run of the statement sql (bound to a counter t and the
	// space s).
	afterWrite := func(name, sql string) {
		runCPU(b, "tree-10k-ko/"+name, func(b *testing.B) {
			f.serve(b, tree, "viewer") // warm: a snapshot to bring up to date
			i := 0
			for cpuLoop(b) {
				i++
				if _, err := f.app.DB().NewQuery(sql).Bind(dbx.Params{"t": fmt.Sprint("Page #", i, " "), "s": space}).Execute(); err != nil {
					b.Fatal(err)
				}
				f.serve(b, tree, "viewer")
			}
		})
	}
	afterWrite("folio-after-write", "UPDATE {{pages}} SET [[title]] = {:t} WHERE [[space]] = {:s} AND [[locale]] = 'en' AND [[path]] = 'bench/s000/p00'")
	afterWrite("folio-after-bulk-write", "UPDATE {{pages}} SET [[title]] = {:t} || [[path]] WHERE [[space]] = {:s} AND [[locale]] = 'en' AND [[path]] LIKE 'bench/s0%'")
	runCPU(b, "tree-10k-ko/pocketbase-list", func(b *testing.B) {
		// The same rows a ko tree reads, en and ko: fifteen pages of 1,000 (PocketBase's largest).
		for cpuLoop(b) {
			list(b, fmt.Sprintf("space='%s' && path~'bench/'", space), 1000, 15)
		}
	})
	runCPU(b, "tree-10k-ko-depth1/folio", func(b *testing.B) {
		f.serve(b, tree+"&depth=1", "viewer") // warm: the answer is kept from here on
		for cpuLoop(b) {
			f.serve(b, tree+"&depth=1", "viewer")
		}
	})
	runCPU(b, "subtree-20-ko/folio", func(b *testing.B) {
		f.serve(b, "/api/folio/spaces/"+space+"/tree?locale=ko&path=bench/s250&depth=2", "viewer") // warm: the answer is kept from here on
		for cpuLoop(b) {
			f.serve(b, "/api/folio/spaces/"+space+"/tree?locale=ko&path=bench/s250&depth=2", "viewer")
		}
	})
	runCPU(b, "subtree-20-ko/pocketbase-list", func(b *testing.B) {
		// The section's 20 en pages and their ko translations, in one list.
		for cpuLoop(b) {
			list(b, fmt.Sprintf("space='%s' && (locale='ko' || locale='en') && (path='bench/s250' || path~'bench/s250/')", space), 100, 1)
		}
	})
	var navPage string
	if err := f.app.DB().Select("id").From(schema.CollectionPages).Where(dbx.HashExp{
		schema.PageSpace: space, schema.PageLocale: "ko", schema.PagePath: "bench/s100/p05"}).Row(&navPage); err != nil {
		b.Fatal(err)
	}
	runCPU(b, "nav-ko/folio", func(b *testing.B) {
		f.serve(b, "/api/folio/pages/"+navPage+"/nav", "viewer")
		for cpuLoop(b) {
			f.serve(b, "/api/folio/pages/"+navPage+"/nav", "viewer")
		}
	})
	runCPU(b, "nav-ko/pocketbase-list", func(b *testing.B) {
		// The page, its ancestors and its siblings, ko and en, in two lists.
		for cpuLoop(b) {
			f.serve(b, "/api/collections/pages/records/"+navPage, "viewer")
			list(b, fmt.Sprintf("space='%s' && (locale='ko' || locale='en') && (path='bench' || path='bench/s100' || path~'bench/s100/')", space), 100, 1)
		}
	})
	runCPU(b, "resolve-fallback/folio", func(b *testing.B) {
		f.serve(b, "/api/folio/spaces/"+space+"/resolve?locale=ko&path=bench/s400/p07", "viewer")
		for cpuLoop(b) {
			f.serve(b, "/api/folio/spaces/"+space+"/resolve?locale=ko&path=bench/s400/p07", "viewer")
		}
	})
	runCPU(b, "resolve-fallback/pocketbase-list", func(b *testing.B) {
		// A client doing it by hand: look for the ko page, then the en one.
		for cpuLoop(b) {
			for _, l := range []string{"ko", "en"} {
				f.serve(b, "/api/collections/pages/records?skipTotal=1&perPage=1&filter="+url.QueryEscape(fmt.Sprintf("space='%s' && locale='%s' && path='bench/s400/p07'", space, l)), "viewer")
			}
		}
	})
	runCPU(b, "snapshot-build", func(b *testing.B) {
		// Reading and sorting the 15,000 rows alone, and the memory the kept snapshot holds.
		// ns/op includes two garbage collections around each build; build-ms is the build.
		var estimated, heap int
		var took time.Duration
		for cpuLoop(b) {
			e, h, d, err := navigation.MeasureSnapshot(f.app, space)
			if err != nil {
				b.Fatal(err)
			}
			estimated, heap, took = e, h, took+d
		}
		b.ReportMetric(float64(estimated), "snapshot-B")
		b.ReportMetric(float64(heap), "heap-B")
		b.ReportMetric(float64(took.Microseconds())/1000/float64(b.N), "build-ms")
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
