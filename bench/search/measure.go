package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/hooks/search"
)

// sample is the latencies of one kind of query, with how many pages each query matched.
type sample struct {
	durations []time.Duration
	matches   []int
}

func (s *sample) add(d time.Duration, matches int) {
	s.durations = append(s.durations, d)
	s.matches = append(s.matches, matches)
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
func runSearches(app core.App, info *core.RequestInfo, queries []string, skipTotal bool, deadline time.Time) (*sample, error) {
	s := &sample{}
	for _, q := range queries {
		if time.Now().After(deadline) {
			break
		}
		start := time.Now()
		if _, err := search.Search(app, info, search.Params{Query: q, SkipTotal: skipTotal}); err != nil {
			return nil, fmt.Errorf("search %q: %w", q, err)
		}
		took := time.Since(start)
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
		start := time.Now()
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
