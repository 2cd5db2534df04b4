package navigation_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"folio/hooks/schema"
)

// treeIds collects the ids of every page entry of a tree answer, with its fallback flag.
func treeIds(nodes []any, out map[string]bool) {
	for _, n := range nodes {
		m := n.(map[string]any)
		if id, _ := m["id"].(string); id != "" {
			out[id] = m["fallback"].(bool)
		}
		treeIds(m["children"].([]any), out)
	}
}

// TestTreeRevealsOnlyReadablePages checks the tree of every space, in the source locale and in
// ko (where most pages fall back to en), for every caller against the read rule in words.
func TestTreeRevealsOnlyReadablePages(t *testing.T) {
	f := newFixture(t)
	for _, space := range []string{"private", "public", "other"} {
		for _, caller := range callers {
			for _, locale := range []string{"en", "ko"} {
				res := f.do(t, http.MethodGet, "/api/folio/spaces/"+f.spaces[space].Id+"/tree?locale="+locale+"&path=docs", caller, nil)
				if !canViewSpace(caller, space) {
					if res.Status != http.StatusNotFound {
						t.Errorf("%s tree of %s: %d, want 404", caller, space, res.Status)
					}
					continue
				}
				if res.Status != http.StatusOK {
					t.Fatalf("%s tree of %s/%s: %d %s", caller, space, locale, res.Status, res.Raw)
				}
				got := map[string]bool{}
				if root, ok := res.Body["page"].(map[string]any); ok {
					got[root["id"].(string)] = root["fallback"].(bool)
				}
				treeIds(res.Body["items"].([]any), got)
				want := map[string]bool{}
				for _, kind := range append([]string{"live"}, pageKinds...) {
					path := "docs/" + kind
					if kind == "live" && len(want) == 0 {
						path = "docs"
					}
					if !canRead(caller, space, kind) {
						continue
					}
					if p := f.pages[space+"/"+locale+"/"+path]; p != nil {
						want[p.Id] = false
					} else {
						want[f.pages[space+"/en/"+path].Id] = true
					}
				}
				if !sameFlags(got, want) {
					t.Errorf("%s tree of %s/%s:\n got %v\nwant %v", caller, space, locale, got, want)
				}
			}
		}
	}
}

func sameFlags(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestResolveAndRedirectsRevealOnlyReadablePages resolves every kind of page in ko (a fallback
// to en for all but live) and through a redirect left by a move, as every caller, and lists the
// redirects collection: nothing answers that the caller may not read.
func TestResolveAndRedirectsRevealOnlyReadablePages(t *testing.T) {
	f := newFixture(t)
	for _, space := range []string{"private", "public", "other"} {
		for _, kind := range pageKinds {
			p := f.pages[space+"/en/docs/"+kind]
			p.Set(schema.PagePath, "moved/"+kind)
			if err := f.app.Save(p); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, space := range []string{"private", "public", "other"} {
		for _, caller := range callers {
			for _, kind := range pageKinds {
				for _, path := range []string{"docs/" + kind, "moved/" + kind} {
					res := f.do(t, http.MethodGet, "/api/folio/spaces/"+f.spaces[space].Id+"/resolve?locale=ko&path="+path, caller, nil)
					if !canRead(caller, space, kind) || !canViewSpace(caller, space) {
						if res.Status != http.StatusNotFound {
							t.Errorf("%s resolves %s %s in %s: %d, want 404 (%s)", caller, kind, path, space, res.Status, res.Raw)
						}
						continue
					}
					if res.Status != http.StatusOK {
						t.Fatalf("%s resolves %s %s in %s: %d %s", caller, kind, path, space, res.Status, res.Raw)
					}
					page := res.Body["page"].(map[string]any)
					if path == "docs/live" {
						// ko has its own docs/live.
						if page["id"] != f.pages[space+"/ko/docs/live"].Id || res.Body["fallback"] != false || res.Body["redirected"] != false {
							t.Errorf("%s resolves ko docs/live in %s: %v", caller, space, res.Body)
						}
						continue
					}
					if page["id"] != f.pages[space+"/en/docs/"+kind].Id || res.Body["fallback"] != true {
						t.Errorf("%s resolves %s %s in %s: %v", caller, kind, path, space, res.Body)
					}
					if redirected := strings.HasPrefix(path, "docs/"); res.Body["redirected"] != redirected {
						t.Errorf("%s resolves %s: redirected = %v", caller, path, res.Body["redirected"])
					}
				}
			}
			// The redirects collection lists exactly the redirects to pages the caller may read.
			res := f.do(t, http.MethodGet, "/api/collections/redirects/records?perPage=500&filter=space%3D%27"+f.spaces[space].Id+"%27", caller, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("%s lists redirects: %d %s", caller, res.Status, res.Raw)
			}
			var got, want []string
			for _, it := range res.Body["items"].([]any) {
				got = append(got, it.(map[string]any)["page"].(string))
			}
			for _, kind := range pageKinds {
				if canRead(caller, space, kind) && canViewSpace(caller, space) {
					want = append(want, f.pages[space+"/en/docs/"+kind].Id)
				}
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s lists redirects of %s: %v, want %v", caller, space, got, want)
			}
		}
	}
}

// TestNavRevealsOnlyReadablePages walks the previous/next chain of docs/live's siblings for
// every caller: each step is a page the caller may read, and none it may read is skipped.
func TestNavRevealsOnlyReadablePages(t *testing.T) {
	f := newFixture(t)
	for _, space := range []string{"private", "public", "other"} {
		for _, caller := range callers {
			for _, kind := range pageKinds {
				res := f.do(t, http.MethodGet, "/api/folio/pages/"+f.pages[space+"/en/docs/"+kind].Id+"/nav", caller, nil)
				if readable := canRead(caller, space, kind) && canViewSpace(caller, space); (res.Status == http.StatusOK) != readable {
					t.Errorf("%s nav of %s %s: %d, want readable=%v", caller, space, kind, res.Status, readable)
				}
			}
			if space == "other" || !canRead(caller, space, "live") {
				continue
			}
			res := f.do(t, http.MethodGet, "/api/folio/pages/"+f.pages[space+"/en/docs/live"].Id+"/nav", caller, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("%s nav: %d %s", caller, res.Status, res.Raw)
			}
			crumbs := res.Body["breadcrumbs"].([]any)
			if len(crumbs) != 1 || crumbs[0].(map[string]any)["id"] != f.pages[space+"/en/docs"].Id {
				t.Errorf("%s breadcrumbs: %v", caller, crumbs)
			}
			// Weights put the kinds in reverse order: headless, window, expired, future, draft, live.
			var readable []string
			for i := len(pageKinds) - 1; i >= 0; i-- {
				if canRead(caller, space, pageKinds[i]) {
					readable = append(readable, "docs/"+pageKinds[i])
				}
			}
			prev, _ := res.Body["prev"].(map[string]any)
			want := readable[len(readable)-2]
			if prev == nil || prev["path"] != want {
				t.Errorf("%s in %s: prev = %v, want %s", caller, space, prev, want)
			}
			if res.Body["next"] != nil {
				t.Errorf("%s in %s: next = %v, want none", caller, space, res.Body["next"])
			}
		}
	}
}
