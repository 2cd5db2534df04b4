package main

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/hooks/search"
)

// hostile times the shape that once cost 85 s — a published page repeating one word about
// 200 KB long, and a guest query of that word typed 20 times — beside an ordinary one-word
// query, in the same corpus, and prints the ratio of their medians.
func hostile(w *world, guest *core.RequestInfo) error {
	pages, err := w.app.FindCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return err
	}
	var added []*core.Record
	defer func() { w.removePages(added) }()
	for _, p := range []struct{ path, title, body string }{
		{"hostile/repeat", "Repeat", strings.Repeat("lighthouse ", 200_000/11)},
		{"hostile/keeper", "Keeper", "The lighthouse keeper's log, kept every night."},
	} {
		r := core.NewRecord(pages)
		r.Load(map[string]any{schema.PageSpace: w.space.Id, schema.PageLocale: "en", schema.PagePath: p.path,
			schema.PageTitle: p.title, schema.PageBody: p.body, schema.PageStatus: schema.PagePublished})
		if err := w.app.Save(r); err != nil {
			return fmt.Errorf("save %s: %w", p.path, err)
		}
		added = append(added, r)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	median := func(q string) (time.Duration, error) {
		var d []time.Duration
		for range 21 {
			start := threadCPU()
			if _, err := search.Search(w.app, guest, search.Params{Query: q}); err != nil {
				return 0, err
			}
			d = append(d, threadCPU()-start)
		}
		slices.Sort(d)
		return d[len(d)/2], nil
	}
	ordinary, err := median("keeper")
	if err != nil {
		return err
	}
	bad, err := median(strings.TrimSpace(strings.Repeat("lighthouse ", 20)))
	if err != nil {
		return err
	}
	fmt.Printf("\nhostile shape (200 KB page of one word, the word typed 20 times), guest, CPU time, median of 21: %s; ordinary one-word query: %s; ratio %.1fx\n",
		ms(bad), ms(ordinary), float64(bad)/float64(ordinary))
	return nil
}
