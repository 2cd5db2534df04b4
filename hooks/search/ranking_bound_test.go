package search_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/search"
)

// boundWords is the generated corpus's vocabulary, most frequent first: drawn by a Zipf law, the
// first words are on nearly every page, as "the" is, and the last on a few.
var boundWords = strings.Fields("the data server cluster deploy backup policy token cache query " +
	"signal harbour anchor ferry beacon compass lantern rope chart tide 서버 데이터 클러스터 " +
	"東京都 公園 服务器 集群 café crème naïve")

// boundWorld saves n generated pages, one in eight a draft, over two spaces.
func boundWorld(t *testing.T, n int) *world {
	w := newWorld(t, testapp.New(t))
	r := rand.New(rand.NewPCG(11, 12))
	z := rand.NewZipf(r, 1.2, 1, uint64(len(boundWords)-1))
	words := func(k int) string {
		out := make([]string, k)
		for i := range out {
			out[i] = boundWords[z.Uint64()]
		}
		return strings.Join(out, " ")
	}
	for i := range n {
		p := page{space: []string{"public", "private"}[i%2], path: fmt.Sprintf("g%d", i),
			title: words(1 + r.IntN(3)), body: words(5 + r.IntN(150))}
		if r.IntN(3) == 0 {
			p.tags = strings.Fields(words(1))
		}
		if i%8 == 7 {
			p.status = schema.PageDraft
		}
		w.save(t, p)
	}
	return w
}

// TestRankingIsTheTrueBest: the bounded ranking (a few FTS rows per level, read until a page of
// results is full) returns exactly what scoring every readable match would, for words on nearly
// every page, rare words, several words, phrases, prefixes and exclusions, on every page of
// results a caller asks for.
func TestRankingIsTheTrueBest(t *testing.T) {
	w := boundWorld(t, 240)
	queries := []string{"the", "data", "server", "the data", "the data server", "data cluster", "lantern",
		"tide chart", "서버", "클러스터", "東京都", "服务器 集群", "cafe", `"the data"`, "the -data", "ser*", "the ser*",
		"Data Server", "policy token cache",
		// Words prominent on pages that lack the phrase, or the exclusion: the level tokens
		// promise levels the whole query does not reach.
		`"data the"`, `"server the data"`, `"the data" -server`, `"cluster server"`, "서버 -데이터", `"集群 服务器"`,
		// A phrase that repeats a word has the key of titles that do not hold it.
		`"the data the"`, `"data the data"`}
	for _, caller := range []string{"guest", "viewer", "editor"} {
		for _, q := range queries {
			ref, err := search.ReferenceRanking(w.app, w.auth(t, caller), q, search.Params{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []search.Params{{PerPage: 10}, {PerPage: 10, Page: 3}, {PerPage: 100}} {
				p.Query = q
				res, err := search.Search(w.app, w.auth(t, caller), p)
				if err != nil {
					t.Fatalf("%s %q: %v", caller, q, err)
				}
				var got []string
				for _, h := range res.Items {
					got = append(got, h.ID)
				}
				page := max(p.Page, 1)
				from := min((page-1)*p.PerPage, len(ref))
				want := ref[from:min(from+p.PerPage, len(ref))]
				if !slices.Equal(got, want) {
					t.Errorf("%s %q page %d/%d: got %v\nwant %v", caller, q, page, p.PerPage, got, want)
				}
				if res.TotalItems != len(ref) {
					t.Errorf("%s %q: total %d, %d readable matches", caller, q, res.TotalItems, len(ref))
				}
			}
		}
	}
}

// TestLevelTokensThatOverpromise: ranking starts at the highest level the level tokens allow,
// which pages without the phrase can set. The levels between it and the best page holding the
// phrase are empty for the query; the best page still comes first, and every page after it in
// the true order.
func TestLevelTokensThatOverpromise(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	// Both words in the title and tags, never side by side: the highest level tokens.
	w.save(t, page{space: "public", path: "apart", title: "harbour", tags: []string{"ferry"}, body: "ferry to the harbour"})
	// The phrase in the title: a high level, below the page above.
	best := w.save(t, page{space: "public", path: "best", title: "harbour ferry timetable and more words"})
	// The phrase once in a long body: a low level.
	for i := range 3 {
		w.save(t, page{space: "public", path: fmt.Sprintf("low%d", i), title: fmt.Sprintf("Log %d", i),
			body: "harbour ferry " + strings.Repeat("lantern rope chart ", 40+i*20)})
	}
	for _, q := range []string{`"harbour ferry"`, `"harbour ferry" -timetable`} {
		ref, err := search.ReferenceRanking(w.app, w.auth(t, "guest"), q, search.Params{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := search.Search(w.app, w.auth(t, "guest"), search.Params{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Items {
			got = append(got, h.ID)
		}
		if !slices.Equal(got, ref) || len(got) == 0 {
			t.Errorf("%q: got %v, want %v", q, got, ref)
		}
		if q == `"harbour ferry"` && (len(got) != 4 || got[0] != best.Id) {
			t.Errorf("%q: got %v, want %s first of 4", q, got, best.Id)
		}
	}
	// Words of the top level tokens, in an order no page holds: nothing, at every level.
	for _, q := range []string{`"ferry harbour"`, `"harbour ferry" -timetable -lantern`} {
		res, err := search.Search(w.app, w.auth(t, "guest"), search.Params{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) != 0 || res.TotalItems != 0 {
			t.Errorf("%q: %d items of %d, want none", q, len(res.Items), res.TotalItems)
		}
	}
}
