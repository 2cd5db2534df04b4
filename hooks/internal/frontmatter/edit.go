package frontmatter

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// Update gives key the YAML form of value like Set, but writes it in the style the document
// already uses for that key: a double-quoted title stays double-quoted, a flow list ["a", "b"]
// stays a flow list with its items quoted alike. The other keys are left exactly as parsed.
func (d *Document) Update(key string, value any) {
	node := new(yaml.Node)
	if err := node.Encode(value); err != nil {
		panic(fmt.Sprintf("frontmatter: Update(%q): %v", key, err))
	}
	if old := resolve(d.value(key)); old != nil && old.Kind == node.Kind {
		node.Style = old.Style
		node.LineComment = old.LineComment
		if len(old.Content) > 0 && node.Kind == yaml.SequenceNode {
			for _, item := range node.Content {
				item.Style = resolve(old.Content[0]).Style
			}
		}
	}
	d.Set(key, node)
}

// Delete removes key (matched as the accessors match it), if the document has it.
func (d *Document) Delete(key string) {
	if i := d.index(key); i >= 0 {
		d.fields = slices.Delete(slices.Clone(d.fields), i, i+1)
	}
}

// Has reports whether the front matter has key (matched as the accessors match it).
func (d Document) Has(key string) bool { return d.index(key) >= 0 }
