package frontmatter

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Marshal writes doc as "---\n", its front matter as YAML, "---\n" and the
// body. Parsed keys keep their order, quoting, comments and dates as written,
// and an empty value is written "key: " as Wiki.js writes it. Line endings
// in the front matter are "\n" even when the file was read with "\r\n"; the
// body is written unchanged.
func Marshal(doc Document) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	written := make(anchors)
	for _, f := range doc.fields {
		f.value = written.prepare(f.value)
		b.Write(encodeField(f))
	}
	b.WriteString("---\n")
	b.WriteString(doc.Body)
	return b.Bytes()
}

// encodeField writes one top-level key at a time so that an empty value can
// be given Wiki.js's trailing space, which the YAML library never writes.
func encodeField(f field) []byte {
	out, err := encodeNode(f.key, f.value)
	if err != nil {
		// The nodes came from the YAML parser or from Encode, so this is
		// not expected; plain values lose styles but never meaning.
		var v yaml.Node
		if err := v.Encode(jsonValue(f.value)); err != nil {
			panic(fmt.Sprintf("frontmatter: cannot write key %q: %v", f.name, err))
		}
		key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.name}
		if out, err = encodeNode(key, &v); err != nil {
			panic(fmt.Sprintf("frontmatter: cannot write key %q: %v", f.name, err))
		}
	}
	if isEmptyNull(f.value) && bytes.HasSuffix(out, []byte(":\n")) {
		out = append(out[:len(out)-1], " \n"...)
	}
	return out
}

func encodeNode(key, value *yaml.Node) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{key, value}}
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// isEmptyNull reports a value written as nothing at all, as in "tags: ".
func isEmptyNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" && n.Value == "" &&
		n.Style == 0 && n.Anchor == "" && n.LineComment == "" && n.FootComment == ""
}

// emptyNull is the node for a value written as nothing.
func emptyNull() *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
}
