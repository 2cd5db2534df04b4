package frontmatter

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// WikiJSFields are the seven front matter fields Wiki.js writes for a page.
type WikiJSFields struct {
	Title       string
	Description string
	Published   bool
	Date        time.Time // last update
	Tags        []string
	Editor      string // "markdown" when empty
	DateCreated time.Time
}

// WikiJSDate is how Wiki.js writes dates: UTC with milliseconds.
const WikiJSDate = "2006-01-02T15:04:05.000Z"

// wikiJSKeys are the Wiki.js keys in the order Wiki.js writes them.
var wikiJSKeys = []string{"title", "description", "published", "date", "tags", "editor", "dateCreated"}

// WikiJS writes a page the way Wiki.js exports it: the seven Wiki.js keys in
// Wiki.js order, tags joined by ", " (so a tag containing a comma comes back
// as two), zero dates and empty strings as empty values, then the extra keys
// sorted by name. An extra key spelled like one of the seven, in any case, is
// left out, because the field it would shadow wins.
func WikiJS(fields WikiJSFields, extra map[string]any, body string) []byte {
	editor := fields.Editor
	if editor == "" {
		editor = "markdown"
	}
	doc := Document{Body: body}
	doc.appendField("title", stringNode(fields.Title))
	doc.appendField("description", stringNode(fields.Description))
	doc.appendField("published", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(fields.Published)})
	doc.appendField("date", dateNode(fields.Date))
	doc.appendField("tags", stringNode(strings.Join(cleanTags(fields.Tags), ", ")))
	doc.appendField("editor", stringNode(editor))
	doc.appendField("dateCreated", dateNode(fields.DateCreated))
	for _, key := range sortedKeys(extra) {
		if isKnown(key, wikiJSKeys) {
			continue
		}
		node := new(yaml.Node)
		if err := node.Encode(extra[key]); err != nil {
			panic(fmt.Sprintf("frontmatter: WikiJS extra key %q: %v", key, err))
		}
		doc.appendField(key, node)
	}
	return Marshal(doc)
}

// appendField adds a key without looking for an existing one, so extra keys
// differing only in case stay separate.
func (d *Document) appendField(name string, value *yaml.Node) {
	key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}
	d.fields = append(d.fields, field{name: name, key: key, value: value})
}

func stringNode(s string) *yaml.Node {
	if s == "" {
		return emptyNull()
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func dateNode(t time.Time) *yaml.Node {
	if t.IsZero() {
		return emptyNull()
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: t.UTC().Format(WikiJSDate)}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
