package frontmatter

import (
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// String returns the text of the scalar under key as written, without
// quotes, or "" when key is missing, null or not a scalar. Keys match
// exactly, or else ignoring case, as Hugo does.
func (d Document) String(key string) string {
	n := resolve(d.value(key))
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return ""
	}
	return n.Value
}

// Title returns the trimmed "title".
func (d Document) Title() string {
	return strings.TrimSpace(d.String("title"))
}

// Description returns the trimmed "description".
func (d Document) Description() string {
	return strings.TrimSpace(d.String("description"))
}

// Published reports whether the page is published and whether the front
// matter says so at all. It reads "published" as a YAML bool or one of the
// strings true/false, yes/no, 1/0; without it, Hugo's "draft" is read the
// same way and inverted, so a Hugo draft imports unpublished.
func (d Document) Published() (published, ok bool) {
	if v, ok := parseBool(d.String("published")); ok {
		return v, true
	}
	if v, ok := parseBool(d.String("draft")); ok {
		return !v, true
	}
	return false, false
}

func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "1":
		return true, true
	case "false", "no", "0":
		return false, true
	}
	return false, false
}

// Tags returns "tags" as a list of distinct, non-empty, trimmed tags in the
// order written. It accepts a YAML list, as Hugo writes, or a comma-joined
// string, as Wiki.js writes.
func (d Document) Tags() []string {
	n := resolve(d.value("tags"))
	if n == nil {
		return nil
	}
	var raw []string
	switch n.Kind {
	case yaml.SequenceNode:
		for _, item := range n.Content {
			if item = resolve(item); item.Kind == yaml.ScalarNode && item.ShortTag() != "!!null" {
				raw = append(raw, item.Value)
			}
		}
	case yaml.ScalarNode:
		if n.ShortTag() != "!!null" {
			raw = strings.Split(n.Value, ",")
		}
	}
	return cleanTags(raw)
}

func cleanTags(raw []string) []string {
	var tags []string
	seen := make(map[string]bool, len(raw))
	for _, t := range raw {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		tags = append(tags, t)
	}
	return tags
}

// dateLayouts are the forms Date accepts. RFC 3339 parsing also takes
// fractional seconds; forms without a zone are read as UTC.
var dateLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// Date returns the scalar under key read as a date: RFC 3339 with or without
// fractional seconds (Wiki.js writes "2023-02-01T05:57:45.024Z"),
// "2006-01-02T15:04:05", "2006-01-02 15:04:05" or "2006-01-02", the last
// three read as UTC.
func (d Document) Date(key string) (time.Time, bool) {
	s := strings.TrimSpace(d.String(key))
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// resolve follows an alias to the node it names; Parse has already checked
// that aliases end.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}
