// Command search benchmarks Folio's full-text search on a generated multilingual knowledge base
// of 100,000 pages of about 7 KB (en, fr, ko, ja, zh; see corpus.go): index size, p50/p99 latency
// and CPU time of one- to three-word queries through search.Search — the function the route
// runs, rule, ranking, totals and snippets included, without HTTP — for a guest (with totals and
// with skipTotal) and for a member of the space, against a LIKE '%word%' scan of the same pages
// in the same run, then the hostile shape and the cost of a full page save. Every loop is bounded
// in count and the whole query phase by -budget.
//
// The corpus is bulk-loaded (index entries computed on every CPU by search.EntriesOf, the
// function a save indexes with; 5,000 pages per transaction; one FTS optimize at the end) and,
// with -cache, kept and reused by later runs of the same generator version and index format.
//
//	go run ./bench/search -cache ~/.cache/folio/search-bench      # 100,000 pages
//	go run ./bench/search -pages 10000 -queries 50                 # built in a temporary directory
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/search"
)

func main() {
	pages := flag.Int("pages", 100_000, "pages to generate")
	queries := flag.Int("queries", 200, "timed queries per query length (1, 2 and 3 words), per caller")
	like := flag.Int("like", 20, "LIKE baseline queries per query length (each scans the table)")
	saves := flag.Int("saves", 300, "pages saved through app.Save with every Folio hook, for the full write cost")
	budget := flag.Duration("budget", 5*time.Minute, "stop timing queries once the run has taken this long")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the query phase to this file")
	cache := flag.String("cache", os.Getenv("FOLIO_SEARCH_BENCH_CACHE"), "keep the generated data directory under this directory and reuse it in later runs (default $FOLIO_SEARCH_BENCH_CACHE; empty: a temporary directory, removed)")
	optimize := flag.Bool("optimize", false, "merge the FTS index into one segment again before timing queries (a bulk load already leaves one)")
	slowest := flag.Int("slowest", 0, "after each guest row, list its this many slowest queries by CPU time")
	only := flag.String("only", "", "time this one query 20 times as a guest (with -cpuprofile, profile it) instead of the query sets")
	statements := flag.Bool("statements", false, "with -only, then run the query once more and list each SQL statement it ran with its time to the first row")
	flag.Parse()
	profilePath, cacheDir, slowestShown, onlyQuery, listStatements = *profile, *cache, *slowest, *only, *statements
	optimizeFirst = *optimize
	if err := run(*pages, *queries, *like, *saves, *budget); err != nil {
		log.Fatal(err)
	}
}

func run(pages, queries, like, saves int, budget time.Duration) error {
	fmt.Printf("search benchmark: %d pages, %d CPUs, %s, load %s\n", pages, runtime.NumCPU(), runtime.Version(), loadAverage())
	writers := make([]*writer, len(languages))
	for i, l := range languages {
		writers[i] = newWriter(l, uint64(i+1))
	}
	w, cleanup, err := openWorld(cacheDir, writers, pages)
	if err != nil {
		return err
	}
	defer cleanup()
	if err := describe(w); err != nil {
		return err
	}
	if optimizeFirst {
		start := time.Now()
		if err := search.Optimize(w.app); err != nil {
			return err
		}
		fmt.Printf("optimized the FTS index in %s\n", time.Since(start).Round(time.Millisecond))
	}
	if err := measure(w, writers, queries, like, time.Now().Add(budget)); err != nil {
		return err
	}
	// Writes last, each undone after: a cached corpus stays as the next run expects it.
	perSave, saved, err := w.savePages(writers, saves, pages)
	if rmErr := w.removePages(saved); err == nil {
		err = rmErr
	}
	if err != nil {
		return err
	}
	fmt.Printf("\napp.Save of a new page with every Folio hook (revision, rendering, links, search index), one transaction each: %.2f ms per page over %d pages\n",
		float64(perSave.Microseconds())/1000, saves)
	fmt.Printf("\nload at the end: %s\n", loadAverage())
	return nil
}

// describe prints the sizes of the index and of the pages table, and how many segments the FTS
// index holds (one after a bulk load or a reindex).
func describe(w *world) error {
	idx, err := search.IndexSize(w.app)
	if err != nil {
		return err
	}
	pg, err := pagesSize(w.app)
	if err != nil {
		return err
	}
	fmt.Printf("index size %.1f MB (%.0f bytes per page); the pages table and its indexes: %.1f MB\n",
		float64(idx)/(1<<20), float64(idx)/float64(max(w.pages, 1)), float64(pg)/(1<<20))
	return nil
}

// profilePath is where -cpuprofile writes the query phase's profile; optimizeFirst is -optimize;
// cacheDir is -cache; slowestShown is -slowest; onlyQuery is -only; listStatements is -statements.
var (
	profilePath    string
	cacheDir       string
	optimizeFirst  bool
	slowestShown   int
	onlyQuery      string
	listStatements bool
)

func measure(w *world, writers []*writer, queries, like int, deadline time.Time) error {
	if profilePath != "" {
		f, err := os.Create(profilePath)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	guest := &core.RequestInfo{Context: core.RequestInfoContextDefault}
	member := &core.RequestInfo{Context: core.RequestInfoContextDefault, Auth: w.viewer}
	if onlyQuery != "" {
		s, err := runSearches(w.app, guest, slices.Repeat([]string{onlyQuery}, 20), false, true, deadline)
		if err != nil {
			return err
		}
		outcome := fmt.Sprintf("%d matches", s.matches[0])
		if s.refused != "" {
			outcome = "refused: " + s.refused
		}
		fmt.Printf("%q as a guest, 20 times: p50 %s, max %s; cpu p50 %s, max %s; %s\n", onlyQuery,
			ms(s.percentile(50)), ms(s.percentile(100)), ms(s.cpuPercentile(50)), ms(s.cpuPercentile(100)), outcome)
		if listStatements {
			return printStatements(w.app, guest, onlyQuery)
		}
		return nil
	}
	// Warm the page cache and the statement cache, as a running server is.
	if _, err := runSearches(w.app, guest, querySet(writers, 1, 30), false, false, deadline); err != nil {
		return err
	}
	fmt.Printf("\n%-6s %-20s %8s %9s %9s %9s %9s %9s %9s %9s\n", "words", "caller", "queries", "p50", "p99", "max", "cpu p50", "cpu p99", "matches½", "matches↑")
	var guestSamples []*sample
	var ratios []string
	for n := 1; n <= 3; n++ {
		qs := querySet(writers, n, queries)
		common := commonSet(writers, n, queries/2)
		var guestP50, guestP99, likeP50 time.Duration
		for _, c := range []struct {
			name string
			run  func() (*sample, error)
		}{
			{"guest", func() (*sample, error) { return runSearches(w.app, guest, qs, false, false, deadline) }},
			{"guest, top-20 words", func() (*sample, error) { return runSearches(w.app, guest, common, false, false, deadline) }},
			{"guest, skipTotal", func() (*sample, error) { return runSearches(w.app, guest, qs, true, false, deadline) }},
			{"member (viewer)", func() (*sample, error) { return runSearches(w.app, member, qs, false, false, deadline) }},
			{"LIKE scan baseline", func() (*sample, error) { return runLike(w.app, qs[:min(like, len(qs))], deadline) }},
		} {
			s, err := c.run()
			if err != nil {
				return err
			}
			if len(s.durations) == 0 {
				fmt.Printf("%-6d %-20s none (time budget or -like 0)\n", n, c.name)
				continue
			}
			fmt.Printf("%-6d %-20s %8d %9s %9s %9s %9s %9s %9d %9d\n", n, c.name, len(s.durations),
				ms(s.percentile(50)), ms(s.percentile(99)), ms(s.percentile(100)),
				ms(s.cpuPercentile(50)), ms(s.cpuPercentile(99)), s.medianMatches(), slices.Max(s.matches))
			switch c.name {
			case "guest", "guest, top-20 words":
				for _, line := range s.slowest(slowestShown) {
					fmt.Printf("         %s\n", line)
				}
				guestSamples = append(guestSamples, s)
				guestP50, guestP99 = max(guestP50, s.cpuPercentile(50)), max(guestP99, s.cpuPercentile(99))
			case "LIKE scan baseline":
				likeP50 = s.cpuPercentile(50)
			}
		}
		if guestP50 > 0 && likeP50 > 0 {
			ratios = append(ratios, fmt.Sprintf("%d word(s): LIKE p50 %s / guest p50 %s = %.0fx; / guest p99 %s = %.0fx", n,
				ms(likeP50), ms(guestP50), float64(likeP50)/float64(guestP50), ms(guestP99), float64(likeP50)/float64(guestP99)))
		}
	}
	printBuckets(guestSamples)
	fmt.Printf("\nsearch against the LIKE scan, same run, CPU time (the slower of the two guest rows):\n  %s\n", strings.Join(ratios, "\n  "))
	return hostile(w, guest)
}

// commonSet draws count queries of n words among each language's 20 most frequent.
func commonSet(writers []*writer, n, count int) []string {
	qs := make([]string, 0, count)
	qw := make([]*writer, len(writers))
	for i, wr := range writers {
		qw[i] = newWriter(wr.lang, uint64(2000*n+i))
	}
	for i := range count {
		qs = append(qs, qw[i%len(qw)].commonQuery(n))
	}
	return qs
}

// querySet draws count queries of n words, round-robin over the languages, from writers seeded
// apart from the corpus so the same run gives the same queries.
func querySet(writers []*writer, n, count int) []string {
	qs := make([]string, 0, count)
	qw := make([]*writer, len(writers))
	for i, wr := range writers {
		qw[i] = newWriter(wr.lang, uint64(1000*n+i))
	}
	for i := range count {
		qs = append(qs, qw[i%len(qw)].query(n))
	}
	return qs
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}

// printBuckets splits the guest's latencies (with totals) by how many pages a query matched: ranking costs
// one bm25 evaluation per matching page, so that count, not the query length, sets the time.
func printBuckets(samples []*sample) {
	buckets := []struct {
		name     string
		from, to int
	}{{"< 1,000", 0, 1000}, {"1,000–4,999", 1000, 5000}, {"5,000–9,999", 5000, 10000}, {"≥ 10,000", 10000, 1 << 62}}
	fmt.Printf("\nguest queries of every length by pages matched:\n%-14s %8s %9s %9s\n", "matches", "queries", "p50", "p99")
	for _, b := range buckets {
		var in sample
		for _, s := range samples {
			for i, m := range s.matches {
				if m >= b.from && m < b.to {
					in.add(s.durations[i], m)
				}
			}
		}
		if len(in.durations) == 0 {
			continue
		}
		fmt.Printf("%-14s %8d %9s %9s\n", b.name, len(in.durations), ms(in.percentile(50)), ms(in.percentile(99)))
	}
}

// printStatements runs query once more as the caller info describes and prints every SQL
// statement it ran, with the time dbx measures for it: to the end of an aggregate, to the first
// row of the others (whose rows are read after).
func printStatements(app core.App, info *core.RequestInfo, query string) error {
	db, ok := app.ConcurrentDB().(*dbx.DB)
	if !ok {
		return fmt.Errorf("the read pool is a %T, not a *dbx.DB", app.ConcurrentDB())
	}
	var mu sync.Mutex // anything else on the read pool logs here too
	var lines []string
	db.QueryLogFunc = func(_ context.Context, t time.Duration, sql string, _ *sql.Rows, _ error) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf("  %9s  %.200s", ms(t), sql))
	}
	start := time.Now()
	_, err := search.Search(app, info, search.Params{Query: query})
	wall := time.Since(start)
	db.QueryLogFunc = nil
	mu.Lock()
	defer mu.Unlock()
	if err != nil {
		return err
	}
	fmt.Printf("the statements of one more run (%s in all):\n%s\n", ms(wall), strings.Join(lines, "\n"))
	return nil
}
