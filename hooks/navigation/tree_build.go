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
	pageRow
	fallback bool
}

// pickLocale keeps one row per path: the one in locale, else the one in source (a fallback).
func pickLocale(rows []pageRow, locale, source string) map[string]pickedRow {
	out := make(map[string]pickedRow, len(rows))
	for _, r := range rows {
		have, seen := out[r.Path]
		switch {
		case r.Locale == locale:
			out[r.Path] = pickedRow{pageRow: r}
		case r.Locale == source && (!seen || have.fallback):
			out[r.Path] = pickedRow{pageRow: r, fallback: true}
		}
	}
	return out
}

// nodeOf makes the tree entry of a picked page.
func nodeOf(p pickedRow) *treeNode {
	state := p.State
	if p.fallback {
		state = missingState
	}
	return &treeNode{
		Name: p.Path[strings.LastIndexByte(p.Path, '/')+1:], Path: p.Path, Id: p.Id, Locale: p.Locale,
		Title: p.Title, LinkTitle: p.LinkTitle, Weight: p.Weight, Render: p.Render, State: state,
		Fallback: p.fallback, Children: []*treeNode{},
	}
}

// buildTree arranges the picked pages at and below root into a tree at most depth levels deep
// below root. It returns the entry of root itself (nil when root is the space's top, or a
// section) and root's children, sorted.
func buildTree(picked map[string]pickedRow, root string, depth int) (*treeNode, []*treeNode) {
	top := &treeNode{Path: root, Children: []*treeNode{}}
	nodes := map[string]*treeNode{root: top}
	var rootPage *treeNode
	paths := make([]string, 0, len(picked))
	for p := range picked {
		paths = append(paths, p)
	}
	// Parents before children, so a page's entry exists before a child asks for it.
	slices.Sort(paths)
	for _, p := range paths {
		if p == root {
			rootPage = nodeOf(picked[p])
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
		for i, seg := range segs {
			full := joinPath(root, segs[:i+1])
			n, ok := nodes[full]
			if !ok {
				if pr, isPage := picked[full]; isPage {
					n = nodeOf(pr)
				} else {
					n = &treeNode{Name: seg, Path: full, Title: seg, Children: []*treeNode{}}
				}
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

func joinPath(root string, segs []string) string {
	rel := strings.Join(segs, "/")
	if root == "" {
		return rel
	}
	return root + "/" + rel
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
