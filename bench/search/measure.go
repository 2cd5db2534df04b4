package main

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/sys/unix"

	"folio/hooks/schema"
	"folio/hooks/search"
)

// sample is the latencies of one kind of query, with how many pages each query matched.
type sample struct {
	durations []time.Duration
	cpu       []time.Duration // CPU time of the querying thread, which load on the box does not inflate
	matches   []int
	queries   []string // of search rows, for -slowest
	// refused is the code of the QueryError a search returned, when refusals are timed (-only).
	refused string
}

// slowest returns the n queries that took the most CPU time, slowest first, each with its CPU
// time and how many pages it matched.
func (s *sample) slowest(n int) []string {
	order := make([]int, len(s.cpu))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(s.cpu[b], s.cpu[a]) })
	var out []string
	for _, i := range order[:min(n, len(order))] {
		out = append(out, fmt.Sprintf("%s cpu, %d matches: %q", ms(s.cpu[i]), s.matches[i], s.queries[i]))
	}
	return out
}

func (s *sample) add(d time.Duration, matches int) {
	s.durations = append(s.durations, d)
	s.matches = append(s.matches, matches)
}

// cpuPercentile is percentile over the CPU times.
func (s *sample) cpuPercentile(p float64) time.Duration {
	if len(s.cpu) == 0 {
		return 0
	}
	return (&sample{durations: s.cpu}).percentile(p)
}

// threadCPU is the CPU time the calling OS thread has used (the clock CLOCK_THREAD_CPUTIME_ID,
// in nanoseconds; getrusage's per-thread figure comes in scheduler ticks, 4 ms here). The pure-Go
// SQLite driver runs a query on the goroutine that issued it, so with the goroutine locked to
// its thread the difference across a search is the search's own CPU time.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// percentile returns the p-th percentile (nearest rank) of the latencies.
func (s *sample) percentile(p float64) time.Duration {
	if len(s.durations) == 0 {
		return 0
	}
	d := slices.Clone(s.durations)
	slices.Sort(d)
	i := int(p/100*float64(len(d))+0.5) - 1
	return d[min(max(i, 0), len(d)-1)]
}

func (s *sample) medianMatches() int {
	m := slices.Clone(s.matches)
	slices.Sort(m)
	return m[len(m)/2]
}

// runSearches times search.Search — the function GET /api/folio/search calls, with the same
// rule, ranking and snippets, without HTTP — for each query, as the caller info describes.
//
// With timeRefusals, a search refused with a *search.QueryError is timed like the others and
// its code kept in refused: how long a query takes to be turned away is a figure too.
func runSearches(app core.App, info *core.RequestInfo, queries []string, skipTotal, timeRefusals bool, deadline time.Time) (*sample, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	s := &sample{}
	for _, q := range queries {
		if time.Now().After(deadline) {
			break
		}
		cpu0, start := threadCPU(), time.Now()
		_, err := search.Search(app, info, search.Params{Query: q, SkipTotal: skipTotal})
		took := time.Since(start)
		var qe *search.QueryError
		if err != nil && !(timeRefusals && errors.As(err, &qe)) {
			return nil, fmt.Errorf("search %q: %w", q, err)
		}
		s.cpu = append(s.cpu, threadCPU()-cpu0)
		s.queries = append(s.queries, q)
		if qe != nil {
			s.refused = qe.Code
			s.add(took, 0)
			continue
		}
		// Every match is ranked, readable or not, so the figure to report is the FTS count.
		n, err := search.CountMatches(app, q)
		if err != nil {
			return nil, err
		}
		s.add(took, n)
	}
	return s, nil
}

// runLike times the baseline a knowledge base without an index uses: every word as a
// LIKE '%word%' on title or body of published pages, the first 20 rows and the total, which
// scans the table.
func runLike(app core.App, queries []string, deadline time.Time) (*sample, error) {
	s := &sample{}
	for _, q := range queries {
		if time.Now().After(deadline) {
			break
		}
		conds := []string{fmt.Sprintf("[[%s]] = {:status}", schema.PageStatus)}
		params := dbx.Params{"status": schema.PagePublished}
		for i, word := range strings.Fields(q) {
			name := fmt.Sprintf("w%d", i)
			conds = append(conds, fmt.Sprintf("([[%s]] LIKE {:%s} OR [[%s]] LIKE {:%s})", schema.PageTitle, name, schema.PageBody, name))
			params[name] = "%" + word + "%"
		}
		var rows []struct {
			ID    string `db:"id"`
			Total int    `db:"total"`
		}
		runtime.LockOSThread()
		cpu0, start := threadCPU(), time.Now()
		err := app.DB().NewQuery("SELECT [[id]], COUNT(*) OVER () AS [[total]] FROM {{" + schema.CollectionPages +
			"}} WHERE " + strings.Join(conds, " AND ") + " LIMIT 20").Bind(params).All(&rows)
		if err != nil {
			return nil, err
		}
		total := 0
		if len(rows) > 0 {
			total = rows[0].Total
		}
		s.add(time.Since(start), total)
		s.cpu = append(s.cpu, threadCPU()-cpu0)
		s.queries = append(s.queries, q)
		runtime.UnlockOSThread()
	}
	return s, nil
}

// pagesSize is the bytes the pages table and its indexes take.
func pagesSize(app core.App) (int64, error) {
	var size int64
	err := app.DB().NewQuery("SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = {:t})").
		Bind(dbx.Params{"t": schema.CollectionPages}).Row(&size)
	return size, err
}
