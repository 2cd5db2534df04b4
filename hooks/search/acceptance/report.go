package main

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
)

// topK is the rank a query must reach to count as found.
const topK = 3

// stats are one locale's figures.
type stats struct {
	terms, termsFound, queries, queriesFound int
	reciprocal                               float64 // sum of 1/rank over queries, 0 past rank 10
	misses                                   []string
}

// report prints the per-locale table and reports whether every locale met the bar.
func report(out io.Writer, results []result, bar float64, listMisses bool) bool {
	byLocale := map[string]*stats{}
	for _, r := range results {
		s := byLocale[r.term.locale]
		if s == nil {
			s = &stats{}
			byLocale[r.term.locale] = s
		}
		s.add(r)
	}
	locales := make([]string, 0, len(byLocale))
	for l := range byLocale {
		locales = append(locales, l)
	}
	slices.Sort(locales)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "locale\tterms\tqueries\trecall@3 terms\trecall@3 queries\tMRR@10\t\t")
	ok := true
	for _, l := range locales {
		s := byLocale[l]
		recall := float64(s.termsFound) / float64(s.terms)
		verdict := "ok"
		if recall < bar {
			verdict, ok = "BELOW BAR", false
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%.3f\t%.3f\t%s\t\n", l, s.terms, s.queries, recall,
			float64(s.queriesFound)/float64(s.queries), s.reciprocal/float64(s.queries), verdict)
	}
	tw.Flush()
	fmt.Fprintf(out, "bar: recall@3 of terms >= %.2f in every locale: %v\n", bar, ok)
	if listMisses || !ok {
		for _, l := range locales {
			for _, m := range byLocale[l].misses {
				fmt.Fprintf(out, "miss %s: %s\n", l, m)
			}
		}
	}
	return ok
}

func (s *stats) add(r result) {
	s.terms++
	all := true
	for i, rank := range r.ranks {
		s.queries++
		if rank > 0 && rank <= 10 {
			s.reciprocal += 1 / float64(rank)
		}
		if rank > 0 && rank <= topK {
			s.queriesFound++
			continue
		}
		all = false
		s.misses = append(s.misses, fmt.Sprintf("%q (rank %d) for %s", r.term.queries[i], rank, r.term.file))
	}
	if all {
		s.termsFound++
	}
}
