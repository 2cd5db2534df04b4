// Command acceptance is the search acceptance step of .ci/run. It imports the cncf/glossary
// corpus (read from ../shared, never copied into the repo) into a fresh Folio, then, for every
// term in every locale, searches as a guest through the real GET /api/folio/search route, in
// the term's locale, for the term's title and — where the title is a local word followed by an
// English gloss, such as "클러스터 (Cluster)" — for the local word alone. A term is found when
// each of its queries ranks the term's page in the top 3. It prints recall@3 (terms and
// queries) and MRR@10 (queries) per locale and exits 1 when a locale finds fewer than 95% of
// its terms.
//
//	go run ./hooks/search/acceptance -corpus ../shared/corpora/cncf-glossary
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"folio/hooks/transfer/scratch"
)

func main() {
	corpus := flag.String("corpus", "../shared/corpora/cncf-glossary", "the cncf/glossary checkout (a Hugo tree)")
	bar := flag.Float64("bar", 0.95, "the share of terms each locale must find in the top 3")
	misses := flag.Bool("misses", false, "list every query that missed the top 3")
	flag.Parse()
	ok, err := run(os.Stdout, *corpus, *bar, *misses)
	if err != nil {
		log.Fatal(err)
	}
	if !ok {
		os.Exit(1)
	}
}

func run(out io.Writer, corpus string, bar float64, listMisses bool) (bool, error) {
	start := time.Now()
	dir, err := os.MkdirTemp("", "folio-search-acceptance-*")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(dir)
	app, handler, err := newApp(dir)
	if err != nil {
		return false, err
	}
	defer scratch.Close(app)
	terms, err := importCorpus(app, corpus)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(out, "imported %d terms of %s in %s\n", len(terms), corpus, time.Since(start).Round(time.Millisecond))
	results := make([]result, 0, len(terms))
	for _, t := range terms {
		r, err := evaluate(handler, t)
		if err != nil {
			return false, err
		}
		results = append(results, r)
	}
	return report(out, results, bar, listMisses), nil
}
