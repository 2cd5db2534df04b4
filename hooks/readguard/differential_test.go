package readguard_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"folio/hooks/internal/testapp"
)

// pairs is the shared set of worlds: A and one B per role, seeded once per test binary.
type pairs struct {
	a  *world
	bs map[string]*world
}

var (
	pairsOnce sync.Once
	pairsVal  *pairs
	ipCounter atomic.Uint64
)

// worlds seeds A and every B_role once for the whole test binary (about a second each).
func worlds(t testing.TB) *pairs {
	pairsOnce.Do(func() {
		now := time.Now().UTC().Truncate(time.Second)
		p := &pairs{a: newWorld(t, "", "alpha", now), bs: map[string]*world{}}
		for _, r := range roles {
			p.bs[r] = newWorld(t, r, "bravo", now)
		}
		pairsVal = p
	})
	if pairsVal == nil {
		t.Fatal("the worlds could not be seeded (see the first failure)")
	}
	return pairsVal
}

// remoteAddr is a fresh client address per request: PocketBase slows down an address whose
// filtered lists come back empty too often, which would only slow the test down.
func remoteAddr() string {
	n := ipCounter.Add(1)
	return fmt.Sprintf("10.%d.%d.%d:4000", (n>>16)&255, (n>>8)&255, n&255)
}

// get answers url on w as role: the status and the body, re-encoded with sorted keys.
func (w *world) get(t testing.TB, role, url string) (int, string) {
	t.Helper()
	res := testapp.Do(t, w.h, "GET", url, w.tokens[role], remoteAddr(), nil)
	var v any
	if err := json.Unmarshal(res.Raw, &v); err != nil {
		return res.Status, string(res.Raw)
	}
	b, _ := json.Marshal(v)
	return res.Status, string(b)
}

// difference is one request whose answers from A and B differ.
type difference struct {
	role, url string
	statusA   int
	statusB   int
	bodyA     string
	bodyB     string
}

func (d difference) String() string {
	return fmt.Sprintf("%s GET %s\n    A: %d %s\n    B: %d %s", d.role, d.url, d.statusA, clip(d.bodyA), d.statusB, clip(d.bodyB))
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// compare sends url to A and to B_role as role and returns the difference, if any.
func (p *pairs) compare(t testing.TB, role, url string) *difference {
	t.Helper()
	sa, ba := p.a.get(t, role, url)
	sb, bb := p.bs[role].get(t, role, url)
	if sa == sb && ba == bb {
		return nil
	}
	return &difference{role: role, url: url, statusA: sa, statusB: sb, bodyA: ba, bodyB: bb}
}

// queryURLs is the corpus of list queries for every Folio collection (paths up to depth
// relation steps), and viewURLs a view of every record of A and B with each of the collection's
// relation expands.
func (p *pairs) queryURLs(depth int, full bool) []string {
	var urls []string
	for _, c := range collectionsOf(p.a.app) {
		for _, q := range corpus(p.a.app, c, depth, full) {
			urls = append(urls, "/api/collections/"+q.collection+"/records?"+q.params.Encode())
		}
	}
	return urls
}

func (p *pairs) viewURLs() []string {
	var urls []string
	for _, c := range collectionsOf(p.a.app) {
		sorted := p.idsOf(c.Name)
		var expands []string
		for _, f := range c.Fields {
			if f.Type() == "relation" {
				expands = append(expands, f.GetName())
			}
		}
		for _, id := range sorted {
			u := "/api/collections/" + c.Name + "/records/" + id
			if len(expands) > 0 {
				u += "?expand=" + url.QueryEscape(strings.Join(expands, ","))
			}
			urls = append(urls, u)
		}
	}
	return urls
}

// idsOf lists the ids of table's rows in A and in every B, sorted, each once.
func (p *pairs) idsOf(table string) []string {
	ids := map[string]bool{}
	for _, w := range append([]*world{p.a}, p.bOrdered()...) {
		var list []string
		_ = w.app.DB().Select("id").From(table).Column(&list)
		for _, id := range list {
			ids[id] = true
		}
	}
	var sorted []string
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Strings(sorted)
	return sorted
}

func (p *pairs) bOrdered() []*world {
	var out []*world
	for _, r := range roles {
		out = append(out, p.bs[r])
	}
	return out
}

// boundedStride keeps one generated query in boundedStride under `go test` (FuzzDifferential
// runs them all, and deeper, under `make fuzz`).
const boundedStride = 4

// TestDifferentialRecords is the non-interference test of the records API: for every role and
// every query of the bounded corpus, A and B_role must answer alike (status, items, totals),
// since they differ only in what that role may not read.
func TestDifferentialRecords(t *testing.T) {
	p := worlds(t)
	started := time.Now()
	var diffs []difference
	byCollection := map[string]int{}
	total := 0
	check := func(role, u string) {
		total++
		if d := p.compare(t, role, u); d != nil {
			diffs = append(diffs, *d)
			byCollection[role+" "+collectionOfURL(u)]++
		}
	}
	// every record viewed by every role; a quarter of the generated queries (paths up to two
	// relation steps), each sent by one role in rotation, so that every role meets every kind
	// of path
	for _, role := range roles {
		for _, u := range p.viewURLs() {
			check(role, u)
		}
	}
	for i, u := range p.queryURLs(2, false) {
		if (i/len(roles))%boundedStride == 0 {
			check(roles[i%len(roles)], u)
		}
	}
	t.Logf("%d requests × 2 worlds in %s", total, time.Since(started).Round(time.Millisecond))
	if len(diffs) > 0 {
		reportDiffs(t, diffs, byCollection, total)
	}
}

func collectionOfURL(u string) string {
	rest := strings.TrimPrefix(u, "/api/collections/")
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		return rest[:i]
	}
	return rest
}

func reportDiffs(t testing.TB, diffs []difference, by map[string]int, total int) {
	t.Helper()
	var keys []string
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d of %d requests answered differently in A and B (the caller learns what it may not read):\n", len(diffs), total)
	for _, k := range keys {
		fmt.Fprintf(&b, "  %-28s %d\n", k, by[k])
	}
	b.WriteString("first differences:\n")
	for i, d := range diffs {
		if i == 25 {
			break
		}
		b.WriteString("  " + d.String() + "\n")
	}
	t.Error(b.String())
}

// fuzzSeedStride keeps one query in fuzzSeedStride of the three-step corpus as fuzz seeds.
const fuzzSeedStride = 25

// FuzzDifferential runs the same comparison on filters and sorts the fuzzer makes up, for
// every role; its seed corpus is the generated corpus of paths up to three relation steps
// (sampled) when fuzzing, and a sample of the one-step corpus under plain `go test`.
func FuzzDifferential(f *testing.F) {
	p := worlds(f)
	fuzzing := flag.Lookup("test.fuzz") != nil && flag.Lookup("test.fuzz").Value.String() != ""
	cols := collectionsOf(p.a.app)
	// under `make fuzz`: paths up to three relation steps, every operator in rotation, one query
	// in fuzzSeedStride (the baseline run goes through every seed before mutating); under
	// `go test`: a sample of the one-step corpus
	depth, stride := 1, 40
	if fuzzing {
		depth, stride = 3, fuzzSeedStride
	}
	for i, c := range cols {
		for j, q := range corpus(p.a.app, c, depth, false) {
			if j%stride != 0 {
				continue
			}
			for k, v := range q.params {
				if k == "filter" || k == "sort" || k == "expand" {
					f.Add(uint8(i), k, v[0])
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, col uint8, param, value string) {
		if param != "filter" && param != "sort" && param != "expand" {
			param = "filter"
		}
		c := cols[int(col)%len(cols)]
		u := "/api/collections/" + c.Name + "/records?perPage=100&" + url.Values{param: {value}}.Encode()
		for _, role := range roles {
			if d := p.compare(t, role, u); d != nil {
				t.Fatalf("A and B answer differently:\n%s", d)
			}
		}
	})
}
