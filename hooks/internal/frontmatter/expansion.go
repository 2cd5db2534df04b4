package frontmatter

import (
	"errors"

	"go.yaml.in/yaml/v3"
)

// maxExpandedNodes bounds how many values front matter may stand for once
// its aliases are followed. Real front matter has a few dozen; the bound only
// stops a few lines of nested aliases from expanding to billions of values
// when Extra or Tags reads them.
const maxExpandedNodes = 100_000

var (
	errAliasCycle  = errors.New("has a YAML alias that refers to itself; replace the alias with the value")
	errTooExpanded = errors.New("has YAML aliases that expand to too many values; write the values out instead")
)

// checkExpansion follows every alias under n once, so that code reading the
// document later can follow them without limits or cycle checks. The YAML
// library hands back self-referencing aliases as node cycles when decoding
// into a yaml.Node.
func checkExpansion(n *yaml.Node) error {
	count := 0
	active := make(map[*yaml.Node]bool)
	var walk func(n *yaml.Node) error
	walk = func(n *yaml.Node) error {
		if count++; count > maxExpandedNodes {
			return errTooExpanded
		}
		if active[n] {
			return errAliasCycle
		}
		active[n] = true
		defer delete(active, n)
		if n.Kind == yaml.AliasNode {
			if n.Alias == nil {
				return errAliasCycle
			}
			return walk(n.Alias)
		}
		for _, c := range n.Content {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(n)
}
