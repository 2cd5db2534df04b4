package frontmatter

import (
	"math"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Extra returns every key not named in known (compared ignoring case, as
// the accessors compare them) with a value that encoding/json can write:
// maps, lists, strings, numbers, bools and nil. Dates and other scalars YAML
// has no JSON twin for stay strings as written, so nothing is reformatted.
func (d Document) Extra(known ...string) map[string]any {
	extra := make(map[string]any)
	for _, f := range d.fields {
		if !isKnown(f.name, known) {
			extra[f.name] = jsonValue(f.value)
		}
	}
	return extra
}

func isKnown(name string, known []string) bool {
	for _, k := range known {
		if strings.EqualFold(name, k) {
			return true
		}
	}
	return false
}

// jsonValue converts a node to plain Go values. Mapping keys become their
// text, because JSON object keys are strings.
func jsonValue(n *yaml.Node) any {
	n = resolve(n)
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[keyText(n.Content[i])] = jsonValue(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		list := make([]any, len(n.Content))
		for i, c := range n.Content {
			list[i] = jsonValue(c)
		}
		return list
	case yaml.ScalarNode:
		return scalarValue(n)
	}
	return nil
}

func keyText(n *yaml.Node) string {
	if n = resolve(n); n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

func scalarValue(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return i
		}
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) {
			return f
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	}
	return n.Value
}
