package navigation

import (
	"cmp"
	"slices"
	"strings"
)

// missingState is the translation_state of a tree entry that falls back to the source page.
const missingState = "missing"

// treeNode is one entry of a tree: a page, or a section — a path segment with pages below it
// and no page of its own, whose id is empty.
type treeNode struct {
	Name      string      `json:"name"`
	Path      string      `json:"path"`
	Id        string      `json:"id"`
	Locale    string      `json:"locale"`
	Title     string      `json:"title"`
	LinkTitle string      `json:"link_title"`
	Weight    int         `json:"weight"`
	Render    string      `json:"render"`
	State     string      `json:"translation_state"`
	Fallback  bool        `json:"fallback"`
	Section   bool        `json:"section"`
	Children  []*treeNode `json:"children"`
}

// pickedRow is the page a reader of one locale sees at a path: the translation, or the source
// page as a fallback.
type pickedRow struct {
	*pageRow
	fallback bool
}

// pickLocale keeps one row per path: the one in locale, else the one in source (a fallback),
// in tree order (treeCompare).
func pickLocale(rows []pageRow, locale, source string) []pickedRow {
	byPath := make(map[string]pickedRow, len(rows))
	for i := range rows {
		r := &rows[i]
		have, seen := byPath[r.Path]
		switch {
		case r.Locale == locale:
			byPath[r.Path] = pickedRow{pageRow: r}
		case r.Locale == source && (!seen || have.fallback):
			byPath[r.Path] = pickedRow{pageRow: r, fallback: true}
		}
	}
	out := make([]pickedRow, 0, len(byPath))
	for _, p := range byPath {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b pickedRow) int { return treeCompare(a.Path, b.Path) })
	return out
}

// nodeOf makes the tree entry of a picked page.
func nodeOf(p *pickedRow) *treeNode {
	state := p.State
	if p.fallback {
		state = missingState
	}
	return &treeNode{
		Name: p.Path[strings.LastIndexByte(p.Path, '/')+1:], Path: p.Path, Id: p.Id, Locale: p.Locale,
		Title: p.Title, LinkTitle: p.LinkTitle, Weight: p.Weight, Render: p.Render, State: state,
		Fallback: p.fallback,
	}
}

// buildTree arranges the picked pages at and below root — in tree order (treeCompare), one per
// path — into a tree at most depth levels deep below root. It returns the entry of root itself
// (nil when root is the space's top, or a section) and root's children, sorted.
//
// In tree order everything below a path follows it directly, in one run, so one pass with the
// chain of open ancestors builds the tree: an entry whose path is not below the innermost open
// node is past that node for good.
func buildTree(picked []pickedRow, root string, depth int) (*treeNode, []*treeNode) {
	top := &treeNode{Path: root}
	var rootPage *treeNode
	// chain[0] is top; chain[i] is the open node i levels below root.
	chain := make([]*treeNode, 1, 8)
	chain[0] = top
	nodes := make([]treeNode, 0, len(picked))
	var sections []*treeNode
	for i := range picked {
		p := &picked[i]
		if p.Path == root {
			rootPage = nodeOf(p)
			continue
		}
		rel := p.Path
		if root != "" {
			rel = p.Path[len(root)+1:]
		}
		// Close the open nodes that are not ancestors of p.
		for len(chain) > 1 {
			if isBelow(p.Path, chain[len(chain)-1].Path) {
				break
			}
			chain = chain[:len(chain)-1]
		}
		// Levels of rel: its segments, cut at depth. The open chain covers the first
		// len(chain)-1 of them; sections stand in for the missing ones between.
		level := len(chain) - 1
		segEnd := 0
		for k := 0; k < level; k++ {
			segEnd += strings.IndexByte(rel[segEnd:], '/') + 1
		}
		for level < depth {
			next := strings.IndexByte(rel[segEnd:], '/')
			parent := chain[len(chain)-1]
			var n *treeNode
			if next < 0 {
				nodes = append(nodes, *nodeOf(p))
				n = &nodes[len(nodes)-1]
			} else {
				full := p.Path[:len(p.Path)-len(rel)+segEnd+next]
				seg := rel[segEnd : segEnd+next]
				n = &treeNode{Name: seg, Path: full, Title: seg}
				sections = append(sections, n)
			}
			parent.Children = append(parent.Children, n)
			chain = append(chain, n)
			level++
			if next < 0 {
				break
			}
			segEnd += next + 1
		}
	}
	finish := func(n *treeNode) {
		n.Section = len(n.Children) > 0 || n.Id == ""
		if n.Children == nil {
			n.Children = []*treeNode{}
		}
		sortNodes(n.Children)
	}
	for i := range nodes {
		finish(&nodes[i])
	}
	for _, n := range sections {
		finish(n)
	}
	finish(top)
	if rootPage != nil {
		rootPage.Children = top.Children
		rootPage.Section = len(top.Children) > 0
	}
	return rootPage, top.Children
}

// sortNodes orders siblings as Hugo does: by weight, pages without one (0) after those with
// one, then by the menu title, then by path.
func sortNodes(ns []*treeNode) {
	slices.SortFunc(ns, compareNodes)
}

func compareNodes(a, b *treeNode) int {
	if c := cmp.Compare(weightKey(a.Weight), weightKey(b.Weight)); c != 0 {
		return c
	}
	if c := cmp.Compare(strings.ToLower(menuTitle(a)), strings.ToLower(menuTitle(b))); c != 0 {
		return c
	}
	return cmp.Compare(a.Path, b.Path)
}

func weightKey(w int) int64 {
	if w == 0 {
		return 1 << 40
	}
	return int64(w)
}

func menuTitle(n *treeNode) string {
	if n.LinkTitle != "" {
		return n.LinkTitle
	}
	return n.Title
}
