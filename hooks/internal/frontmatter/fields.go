package frontmatter

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// parseFields reads the front matter YAML into ordered fields. line is the
// file line the YAML starts on, so errors point into the file, not the YAML. A repeated key
// refuses the text, unless lenient is set: then the last value wins, in the place of the first,
// and each repetition is reported in warnings.
func parseFields(text []byte, line int, lenient bool) ([]field, []string, error) {
	root, err := unmarshal(text)
	if err != nil {
		return nil, nil, yamlError(err, line, line+bytes.Count(text, []byte("\n"))-1)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, nil, nil // only blank lines or comments
	}
	m := root.Content[0]
	if m.Kind == yaml.ScalarNode && m.ShortTag() == "!!null" {
		return nil, nil, nil
	}
	if m.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("front matter at line %d is %s, not a list of key: value lines", line+m.Line-1, kindName(m))
	}
	if err := checkExpansion(m); err != nil {
		return nil, nil, fmt.Errorf("front matter at line %d %w", line, err)
	}
	var warnings []string
	fields := make([]field, 0, len(m.Content)/2)
	seen := make(map[string]int, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		at := line + k.Line - 1
		if k.Kind != yaml.ScalarNode {
			return nil, nil, fmt.Errorf("front matter key at line %d is %s; keys must be plain names such as title", at, kindName(k))
		}
		if prev, dup := seen[k.Value]; dup {
			if !lenient {
				return nil, nil, fmt.Errorf("front matter repeats the key %q at lines %d and %d; keep only one", k.Value, prev, at)
			}
			warnings = append(warnings, repeatedKeyWarning(fields, k.Value, v, prev, at))
			continue
		}
		seen[k.Value] = at
		fields = append(fields, field{name: k.Value, key: k, value: v})
	}
	return fields, warnings, nil
}

// unmarshal guards against a panic inside the YAML library: an upload must
// never take the server down with it, whatever bytes it holds.
func unmarshal(text []byte) (root yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	err = yaml.Unmarshal(text, &root)
	return root, err
}

var yamlLineError = regexp.MustCompile(`(?s)^yaml: line (\d+): (.*)$`)

// parserProblems are the messages of the YAML library's parser stage, which
// reports lines counted from 0 where its scanner stage counts from 1.
var parserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

// yamlError rewrites the YAML library's message so its line number counts
// from the top of the file rather than from the first line of YAML. An error
// found at the end of the text is put on the last line of YAML, where the
// unclosed bracket or quote usually is, not on the closing "---".
func yamlError(err error, line, last int) error {
	msg := err.Error()
	if m := yamlLineError.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		if slices.Contains(parserProblems, m[2]) {
			n++
		}
		return fmt.Errorf("front matter is not valid YAML at line %d: %s", min(line+n-1, last), m[2])
	}
	return fmt.Errorf("front matter starting at line %d is not valid YAML: %s", line, strings.TrimPrefix(msg, "yaml: "))
}

// kindName names a node kind for error messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	default:
		return "a single value"
	}
}
