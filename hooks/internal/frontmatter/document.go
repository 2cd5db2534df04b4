package frontmatter

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Document is a markdown page split into its front matter, an ordered list of
// keys with YAML values, and its Body. The zero Document is an empty page.
type Document struct {
	// Body is the markdown after the front matter, byte for byte.
	Body string

	fields []field
	head   string // the text before Body as read by Parse: front matter and delimiters
}

// field is one top-level front matter entry. The key node is kept, not only
// its text, so its comments and quoting survive a round trip.
type field struct {
	name  string
	key   *yaml.Node
	value *yaml.Node
}

// Keys returns the front matter keys in the order they are written.
func (d Document) Keys() []string {
	keys := make([]string, len(d.fields))
	for i, f := range d.fields {
		keys[i] = f.name
	}
	return keys
}

// Set gives key the YAML form of value (a *yaml.Node is used as is), keeping the key where it is when the
// document already has it (matched as the accessors match it) and appending
// it otherwise. Set panics when value has no YAML form (a func or a channel),
// which is a programming error rather than bad input.
func (d *Document) Set(key string, value any) {
	node, ok := value.(*yaml.Node)
	if !ok {
		node = new(yaml.Node)
		if err := node.Encode(value); err != nil {
			panic(fmt.Sprintf("frontmatter: Set(%q): %v", key, err))
		}
	}
	// Copy first: Documents are passed by value and must not share edits.
	d.fields = slices.Clone(d.fields)
	if i := d.index(key); i >= 0 {
		d.fields[i].value = node
		return
	}
	d.fields = append(d.fields, field{
		name:  key,
		key:   &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
		value: node,
	})
}

// value returns the node stored under key, or nil.
func (d Document) value(key string) *yaml.Node {
	if i := d.index(key); i >= 0 {
		return d.fields[i].value
	}
	return nil
}

// index finds key exactly, or else ignoring case: Hugo lowercases front
// matter keys, so real trees contain "Title:" meaning "title:".
func (d Document) index(key string) int {
	for i, f := range d.fields {
		if f.name == key {
			return i
		}
	}
	for i, f := range d.fields {
		if strings.EqualFold(f.name, key) {
			return i
		}
	}
	return -1
}
