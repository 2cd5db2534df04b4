package search_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/search"
)

// vocabulary of the differential worlds: every page and query draws from it, so hidden pages
// shift every word's statistics.
var vocabulary = strings.Fields("lighthouse keeper harbour signal beacon storm tide ferry anchor " +
	"rope compass chart 등대 항구 灯塔 港口 灯台")

// differentialPage writes a page of n words drawn from the vocabulary by r.
func differentialPage(r *rand.Rand, space, path string, n int) page {
	words := make([]string, n)
	for i := range words {
		words[i] = vocabulary[r.IntN(len(vocabulary))]
	}
	return page{space: space, path: path, title: vocabulary[r.IntN(len(vocabulary))] + " " + path,
		body: strings.Join(words, " ")}
}

// hiddenFrom lists, per caller, the (space, kind) pairs that caller may not read: the second world
// adds pages only there.
var hiddenFrom = map[string][][2]string{
	"guest":    {{"public", "draft"}, {"public", "future"}, {"private", "live"}, {"private", "draft"}, {"other", "live"}, {"other", "expired"}},
	"stranger": {{"public", "draft"}, {"public", "expired"}, {"private", "live"}, {"other", "draft"}},
	"viewer":   {{"public", "draft"}, {"private", "draft"}, {"private", "future"}, {"other", "live"}},
	"editor":   {{"other", "live"}, {"other", "draft"}},
	"outsider": {{"public", "draft"}, {"private", "live"}, {"private", "draft"}},
}

// differentialWorld saves the pages every world shares and, with hidden set, pages the caller
// may not read.
func differentialWorld(t testing.TB, caller string, hidden bool) *world {
	w := newWorld(t, testapp.New(t))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 6 {
		for _, space := range []string{"public", "private", "other"} {
			w.save(t, differentialPage(r, space, fmt.Sprintf("shared-%d", i), 5+r.IntN(60)))
		}
	}
	if hidden {
		h := rand.New(rand.NewPCG(3, 4))
		now := time.Now()
		for i := range 8 {
			for _, sk := range hiddenFrom[caller] {
				p := differentialPage(h, sk[0], fmt.Sprintf("hidden-%s-%d", sk[1], i), 1+h.IntN(200))
				switch sk[1] {
				case "draft":
					p.status = schema.PageDraft
				case "future":
					p.publishAt = now.Add(time.Hour)
				case "expired":
					p.unpublishAt = now.Add(-time.Hour)
				}
				w.save(t, p)
			}
		}
	}
	return w
}

// differentialQueries generates queries over the vocabulary: words, pairs, prefixes, phrases
// and exclusions.
func differentialQueries() []string {
	r := rand.New(rand.NewPCG(5, 6))
	word := func() string { return vocabulary[r.IntN(len(vocabulary))] }
	qs := slices.Clone(vocabulary)
	for range 5 {
		qs = append(qs, word()+" "+word(), word()[:3]+"*", `"`+word()+" "+word()+`"`, word()+" -"+word(), word()+" "+word()+" "+word())
	}
	return qs
}

// normalized is a search response with ids replaced by what both worlds share (space slug and
// path), in the response's order.
type normalized struct {
	total, pages int
	capped       bool
	items        []string
}

func normalize(w *world, res *search.Result) normalized {
	slugs := map[string]string{}
	for slug, s := range w.spaces {
		slugs[s.Id] = slug
	}
	n := normalized{total: res.TotalItems, pages: res.TotalPages, capped: res.TotalCapped}
	for _, h := range res.Items {
		n.items = append(n.items, fmt.Sprintf("%s/%s|%s|%s|%s", slugs[h.Space], h.Path, h.Locale, h.TitleHighlighted, h.Snippet))
	}
	return n
}

// TestSearchDifferential: two databases identical in what a caller may read and different in
// pages it may not (drafts, future and expired pages, private spaces, other spaces) give that
// caller the same response for every generated query: the same status, the same results in the
// same order, the same totals, snippets and highlights. Ranking uses nothing but the page and
// the query (see levels.go), so hidden pages cannot move a readable one.
func TestSearchDifferential(t *testing.T) {
	queries := differentialQueries()
	for _, caller := range []string{"guest", "stranger", "viewer", "editor", "outsider"} {
		a, b := differentialWorld(t, caller, false), differentialWorld(t, caller, true)
		differ := 0
		for _, q := range queries {
			for _, p := range []search.Params{{Query: q, PerPage: 5}, {Query: q, PerPage: 5, Page: 2}, {Query: q, PerPage: 100}, {Query: q, PerPage: 3, SkipTotal: true}} {
				p.Query = q
				ra, errA := search.Search(a.app, a.auth(t, caller), p)
				rb, errB := search.Search(b.app, b.auth(t, caller), p)
				if fmt.Sprint(errA) != fmt.Sprint(errB) {
					t.Errorf("%s %q: error %v with hidden pages, %v without", caller, q, errB, errA)
					differ++
					continue
				}
				if errA != nil {
					continue
				}
				na, nb := normalize(a, ra), normalize(b, rb)
				if na.total != nb.total || na.pages != nb.pages || na.capped != nb.capped {
					t.Errorf("%s %q %+v: totals %d/%d/%v with hidden pages, %d/%d/%v without", caller, q, p, nb.total, nb.pages, nb.capped, na.total, na.pages, na.capped)
				}
				if !slices.Equal(na.items, nb.items) {
					differ++
					t.Errorf("%s %q %+v: results differ with hidden pages:\n%v\nwithout:\n%v", caller, q, p, nb.items, na.items)
				}
			}
		}
		t.Logf("%s: %d of %d responses differ", caller, differ, 4*len(queries))
	}
}
