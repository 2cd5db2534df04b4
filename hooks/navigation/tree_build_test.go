package navigation

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// referenceTree is the tree built the plain way — a map of every path to its entry, each page's
// ancestors looked up or made in turn — against which buildTree's single pass is checked.
func referenceTree(picked []pickedRow, root string, depth int) (*treeNode, []*treeNode) {
	byPath := map[string]*pickedRow{}
	for i := range picked {
		byPath[picked[i].Path] = &picked[i]
	}
	top := &treeNode{Path: root, Children: []*treeNode{}}
	nodes := map[string]*treeNode{root: top}
	var rootPage *treeNode
	for i := range picked {
		p := picked[i].Path
		if p == root {
			rootPage = nodeOf(&picked[i])
			continue
		}
		rel := p
		if root != "" {
			rel = p[len(root)+1:]
		}
		segs := strings.Split(rel, "/")
		if len(segs) > depth {
			segs = segs[:depth]
		}
		parent := top
		for k, seg := range segs {
			full := strings.Join(segs[:k+1], "/")
			if root != "" {
				full = root + "/" + full
			}
			n, ok := nodes[full]
			if !ok {
				if pr, isPage := byPath[full]; isPage {
					n = nodeOf(pr)
				} else {
					n = &treeNode{Name: seg, Path: full, Title: seg}
				}
				n.Children = []*treeNode{}
				nodes[full] = n
				parent.Children = append(parent.Children, n)
			}
			parent = n
		}
	}
	for _, n := range nodes {
		n.Section = len(n.Children) > 0 || n.Id == ""
		sortNodes(n.Children)
	}
	if rootPage != nil {
		rootPage.Children = top.Children
		rootPage.Section = len(top.Children) > 0
	}
	return rootPage, top.Children
}

// TestBuildTreeEqualsReference builds random trees — paths whose segments sort around "/"
// ("a-b", "a.b", "a0", "a/b"), sections without pages, pages at every depth, ties in weight —
// under several roots and depths, and compares buildTree with referenceTree entry by entry.
func TestBuildTreeEqualsReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	segs := []string{"a", "b", "a-b", "a.b", "a0", "ab", "z", "가"}
	for round := 0; round < 300; round++ {
		set := map[string]bool{}
		for range 1 + rng.IntN(60) {
			n := 1 + rng.IntN(5)
			parts := make([]string, n)
			for k := range parts {
				parts[k] = segs[rng.IntN(len(segs))]
			}
			set[strings.Join(parts, "/")] = true
		}
		var picked []pickedRow
		for p := range set {
			picked = append(picked, pickedRow{pageRow: &pageRow{Id: "id-" + p, Locale: "en", Path: p,
				Title: p, Weight: rng.IntN(3)}, fallback: rng.IntN(4) == 0})
		}
		slices.SortFunc(picked, func(a, b pickedRow) int { return treeCompare(a.Path, b.Path) })
		for _, root := range []string{"", "a", "a-b", "a/b", "nowhere"} {
			for _, depth := range []int{1, 2, 3, maxDepth} {
				var in []pickedRow
				for _, p := range picked {
					if root == "" || p.Path == root || strings.HasPrefix(p.Path, root+"/") {
						in = append(in, p)
					}
				}
				if depth == 1 {
					checkUnder(t, picked, root)
				}
				gotRoot, got := buildTree(in, root, depth)
				wantRoot, want := referenceTree(in, root, depth)
				g, _ := json.Marshal([]any{gotRoot, got})
				w, _ := json.Marshal([]any{wantRoot, want})
				if string(g) != string(w) {
					t.Fatalf("round %d root %q depth %d:\n got %s\nwant %s", round, root, depth, g, w)
				}
			}
		}
	}
}

// checkUnder compares a snapshot's rows at and under root with those a plain filter keeps.
func checkUnder(t *testing.T, picked []pickedRow, root string) {
	t.Helper()
	snap := &spaceSnapshot{}
	for _, p := range picked {
		for _, l := range []string{"en", "ko"} {
			r := navRow{pageRow: *p.pageRow}
			r.Locale = l
			snap.rows = append(snap.rows, r)
		}
	}
	var want []string
	for _, r := range snap.rows {
		if root == "" || r.Path == root || strings.HasPrefix(r.Path, root+"/") {
			want = append(want, r.Path+"@"+r.Locale)
		}
	}
	self, below := snap.under(root)
	var got []string
	for _, r := range append(slices.Clone(self), below...) {
		got = append(got, r.Path+"@"+r.Locale)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("under %q: got %v, want %v", root, got, want)
	}
}
