package readguard_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// routeURLs are the GET routes Folio adds to PocketBase's API, asked about every page and every
// space of A and B: navigation (tree, resolve, nav), translations, backlinks, diffs, broken links,
// assets, export and search. A page's or space's id that exists on one side only is asked on
// both: the other side must answer as it does for an id nobody may read.
func (p *pairs) routeURLs() []string {
	var urls []string
	for _, id := range p.idsOf("pages") {
		for _, route := range []string{"nav", "translations", "backlinks", "diff", "diff?from=0&to=1"} {
			urls = append(urls, "/api/folio/pages/"+id+"/"+route)
		}
	}
	paths := []string{"guide", "guide-two", "draft", "future", "expired", "drafts/target", "drafts/extra", "drafts/old-target", "drafts/old-extra",
		"q-page", "q-extra", "missing", ""}
	for _, id := range append(p.idsOf("spaces"), "p", "q", "r") {
		for _, route := range []string{"tree", "tree?path=drafts", "tree?depth=1", "tree?locale=ko", "tree?locale=ko&path=drafts",
			"translations", "broken-links", "assets", "export"} {
			urls = append(urls, "/api/folio/spaces/"+id+"/"+route)
		}
		for _, path := range paths {
			for _, locale := range []string{"en", "ko"} {
				urls = append(urls, "/api/folio/spaces/"+id+"/resolve?"+url.Values{"locale": {locale}, "path": {path}}.Encode())
			}
		}
	}
	for _, q := range []string{"alpha", "bravo", "draft", "future", "expired", "guide", "target", "extra",
		"title", "description", "body", "comment", "docs", "q", "alpha*", "bravo*", "\"draft body\"", "가이드", "ko"} {
		for _, extra := range []url.Values{{}, {"space": {"p"}}, {"space": {"q"}}, {"space": {"r"}},
			{"skipTotal": {"1"}}, {"tags": {"alpha"}}, {"tags": {"bravo"}}, {"locale": {"ko"}}} {
			v := url.Values{"q": {q}}
			for k, vs := range extra {
				v[k] = vs
			}
			urls = append(urls, "/api/folio/search?"+v.Encode())
		}
	}
	return urls
}

// TestDifferentialRoutes is the non-interference test of Folio's own read routes: for every
// role, every route of routeURLs answers alike (status and body) in A and B_role.
func TestDifferentialRoutes(t *testing.T) {
	p := worlds(t)
	started := time.Now()
	var diffs []difference
	byRoute := map[string]int{}
	total := 0
	for _, role := range roles {
		for _, u := range p.routeURLs() {
			total++
			if d := p.compare(t, role, u); d != nil {
				diffs = append(diffs, *d)
				byRoute[role+" "+routeOfURL(u)]++
			}
		}
	}
	t.Logf("%d requests × 2 worlds in %s", total, time.Since(started).Round(time.Millisecond))
	if len(diffs) > 0 {
		reportDiffs(t, diffs, byRoute, total)
	}
}

// routeOfURL names a route of routeURLs for the report: the URL without its id and query.
func routeOfURL(u string) string {
	path, _, _ := strings.Cut(u, "?")
	parts := strings.Split(path, "/") // "", "api", "folio", "pages", id, …
	if len(parts) > 4 {
		parts[4] = "*"
	}
	return strings.Join(parts, "/")
}
