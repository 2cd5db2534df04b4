// Command import times importing a markdown tree into a fresh Folio app: the first import
// (every page created: revision, rendering, links, translation state, search index) and a
// re-import of the same tree (every page unchanged, nothing written), in files per second.
// Each run uses a new app in a temporary folder; runs are bounded by -runs and -max.
//
//	go run ./bench/import -corpus ../shared/corpora/cncf-glossary -runs 3
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/hooks/transfer"
	"folio/hooks/transfer/scratch"
)

func main() {
	corpus := flag.String("corpus", "../shared/corpora/cncf-glossary", "tree to import")
	runs := flag.Int("runs", 3, "fresh apps to import into")
	limit := flag.Duration("max", 5*time.Minute, "stop starting new runs after this long")
	flag.Parse()
	if err := bench(*corpus, *runs, *limit); err != nil {
		fmt.Fprintln(os.Stderr, "bench import:", err)
		os.Exit(1)
	}
}

// result is one run: files looked at and how long the first import and the re-import took.
type result struct {
	files           int
	first, reimport time.Duration
}

func bench(corpus string, runs int, limit time.Duration) error {
	start := time.Now()
	var results []result
	for i := 0; i < runs && time.Since(start) < limit; i++ {
		r, err := run(corpus)
		if err != nil {
			return err
		}
		fmt.Printf("run %d: %d files, import %s (%.0f files/s), re-import %s (%.0f files/s)\n", i+1, r.files,
			r.first.Round(time.Millisecond), rate(r.files, r.first), r.reimport.Round(time.Millisecond), rate(r.files, r.reimport))
		results = append(results, r)
	}
	first := median(results, func(r result) time.Duration { return r.first })
	again := median(results, func(r result) time.Duration { return r.reimport })
	n := results[0].files
	fmt.Printf("median of %d runs: import %.0f files/s, re-import (no change) %.0f files/s\n", len(results), rate(n, first), rate(n, again))
	return nil
}

// run imports corpus into a new app twice.
func run(corpus string) (result, error) {
	tmp, err := os.MkdirTemp("", "folio-bench-import-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(tmp)
	app, err := scratch.New(filepath.Join(tmp, "pb_data"))
	if err != nil {
		return result{}, err
	}
	defer scratch.Close(app)
	space, err := newSpace(app)
	if err != nil {
		return result{}, err
	}
	var r result
	for _, d := range []*time.Duration{&r.first, &r.reimport} {
		t := time.Now()
		sum, err := transfer.Import(app, space, os.DirFS(corpus), transfer.ImportOptions{})
		if err != nil {
			return result{}, err
		}
		*d = time.Since(t)
		if sum.Failed > 0 {
			return result{}, fmt.Errorf("%d files failed, such as %v", sum.Failed, sum.Errors[0])
		}
		r.files = sum.Total()
	}
	return r, nil
}

func newSpace(app core.App) (*core.Record, error) {
	col, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
	if err != nil {
		return nil, err
	}
	space := core.NewRecord(col)
	space.Set(schema.SpaceSlug, "bench")
	space.Set(schema.SpaceName, "bench")
	space.Set(schema.SpaceVisibility, schema.VisibilityPublic)
	space.Set(schema.SpaceSourceLocale, "en")
	return space, app.Save(space)
}

func rate(files int, d time.Duration) float64 { return float64(files) / d.Seconds() }

func median(results []result, f func(result) time.Duration) time.Duration {
	ds := make([]time.Duration, len(results))
	for i, r := range results {
		ds[i] = f(r)
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}
