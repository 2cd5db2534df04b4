package frontmatter

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// ParseHugo is Parse with Hugo's reading of a repeated key: Hugo builds a page whose front
// matter repeats a key with the last value, so ParseHugo keeps the last value (in the place of
// the first) and returns one warning per repetition, naming the key and its lines, instead of
// refusing the file. Everything else is refused as Parse refuses it.
func ParseHugo(data []byte) (Document, []string, error) {
	return parse(data, true)
}

// repeatedKeyWarning replaces the value of key in fields (read first at line prev) with v,
// read at line at, and says so.
func repeatedKeyWarning(fields []field, key string, v *yaml.Node, prev, at int) string {
	for i := range fields {
		if fields[i].name == key {
			fields[i].value = v
		}
	}
	return fmt.Sprintf("front matter repeats the key %q at lines %d and %d; the value at line %d is used, as Hugo does", key, prev, at, at)
}

// Head returns the text of the file before Body as Parse read it — a byte order mark, blank
// lines, the front matter and its delimiters — byte for byte; "" for a Document not read by
// Parse.
func (d Document) Head() string { return d.head }
