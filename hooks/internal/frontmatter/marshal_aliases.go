package frontmatter

import "go.yaml.in/yaml/v3"

// anchors tracks the YAML anchors written so far by Marshal. Set can replace
// the value that defined an anchor another key still refers to; writing that
// alias as is would produce YAML that no longer parses, so such a value is
// written out in full instead.
type anchors map[string]bool

// prepare returns n ready to be written after the anchors seen so far, and
// records the anchors it defines.
func (a anchors) prepare(n *yaml.Node) *yaml.Node {
	if !a.resolves(n, make(map[string]bool)) {
		n = expand(n)
	}
	a.record(n)
	return n
}

// resolves reports whether every alias under n names an anchor defined
// before it, either earlier in the document or earlier inside n.
func (a anchors) resolves(n *yaml.Node, local map[string]bool) bool {
	if n.Kind == yaml.AliasNode {
		return a[n.Value] || local[n.Value]
	}
	if n.Anchor != "" {
		local[n.Anchor] = true
	}
	for _, c := range n.Content {
		if !a.resolves(c, local) {
			return false
		}
	}
	return true
}

func (a anchors) record(n *yaml.Node) {
	if n.Kind == yaml.AliasNode {
		return
	}
	if n.Anchor != "" {
		a[n.Anchor] = true
	}
	for _, c := range n.Content {
		a.record(c)
	}
}

// expand copies n with every alias replaced by a copy of its value. Parse
// has bounded how far aliases expand, so the copy is bounded too.
func expand(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		c := expand(n.Alias)
		c.Anchor = ""
		return c
	}
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, child := range n.Content {
		c.Content[i] = expand(child)
	}
	return &c
}
