package frontmatter_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"folio/hooks/internal/frontmatter"
)

// FuzzParse checks that Parse never panics and that whatever it accepts,
// Marshal writes back in a form Parse reads to the same title, tags and body.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.md"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("---\r\ntitle: x\r\ntags: [a, '', b]\r\n---\r\nbody"))
	f.Add([]byte("\uFEFF\n---\nTitle: &t x\nalias: *t\n---\n"))
	f.Add([]byte("---\n# c\n? long key\n: {a: [1, 2.5, ~, true]}\ntitle: \"a\\n---\\nb\" # t\nbody: |\n  ---\n  x\ntags: >-\n  a,\n  b\n---\n---\n"))
	f.Add([]byte("---\ntitle: '" + strings.Repeat("word --- ", 20) + "'\ntags: \"" + strings.Repeat("x, ", 30) + "\"\n---\n"))
	f.Add([]byte("---\n!!str 1: x\n\"title\": !custom y\ntags: !!seq [a]\n...\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := frontmatter.Parse(data)
		if err != nil {
			return
		}
		_ = doc.Extra()
		out := frontmatter.Marshal(doc)
		again, err := frontmatter.Parse(out)
		if err != nil {
			t.Fatalf("Parse(Marshal(doc)) failed: %v\ninput:\n%q\nmarshalled:\n%q", err, data, out)
		}
		if again.Title() != doc.Title() || !slices.Equal(again.Tags(), doc.Tags()) || again.Body != doc.Body {
			t.Fatalf("round trip changed the page\ntitle %q -> %q\ntags %q -> %q\nbody %q -> %q\nmarshalled:\n%q",
				doc.Title(), again.Title(), doc.Tags(), again.Tags(), doc.Body, again.Body, out)
		}
	})
}
