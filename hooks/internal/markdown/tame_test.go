package markdown_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folio/hooks/internal/markdown"
)

// ordinaryDocuments are pages as people write them, with lists, tables, definitions, quotes
// and code blocks as large as real pages hold them.
func ordinaryDocuments() []string {
	docs := []string{benchDocument(), strings.Repeat(benchDocument(), 15)}
	files, _ := filepath.Glob("testdata/*")
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			docs = append(docs, string(b))
		}
	}
	var list strings.Builder
	for i := range 600 {
		fmt.Fprintf(&list, "- **Term %d**: see [entry %d](/glossary/%d) and *the* ~~old~~ `code_%d`\n", i, i, i, i)
	}
	var refs strings.Builder
	for i := range 30 {
		fmt.Fprintf(&refs, "[r%d]: https://example.org/%d \"title\"\n", i, i)
	}
	var table strings.Builder
	table.WriteString("| a | b |\n|---|---|\n")
	for i := range 800 {
		fmt.Fprintf(&table, "| **%d** | [x](y) _z_ |\n", i)
	}
	var sparse strings.Builder
	sparse.WriteString("| key | " + strings.Repeat("column | ", 11) + "\n|" + strings.Repeat("---|", 12) + "\n")
	for i := range 300 {
		fmt.Fprintf(&sparse, "| %d |\n", i)
	}
	return append(docs, list.String(), refs.String(), table.String(), sparse.String(),
		"> > > > quote\n> > > > more\n\n1. a\n   1. b\n      - c\n        > d\n",
		"```\n"+strings.Repeat("> ", 100)+"\n"+strings.Repeat("[", 200)+"\n```\n",
		"1. Run:\n\n   ```sh\n   make test\n   ```\n\n2. Then [see](/docs) *this*.\n",
		"<div class=\"note\">\n\n**Note** [a](b)\n\n</div>\n\n```go\nx := [][]int{{1}}\n```\n")
}

// TestTameLeavesOrdinaryDocumentsAlone: the pre-pass returns every ordinary document as it is,
// so its rendering is byte-identical to goldmark's.
func TestTameLeavesOrdinaryDocumentsAlone(t *testing.T) {
	for i, doc := range ordinaryDocuments() {
		if got := markdown.Tame(doc); got != doc {
			t.Errorf("document %d changed by the pre-pass", i)
		}
	}
}

// TestTameKeepsBoundsAfterFencesItCannotBeSureOf: a fence in a list item ends with the item,
// and one in an HTML block is text, so what follows them is markdown goldmark reads and the
// pre-pass bounds it; a fence at the start of a line outside both is code it leaves alone.
func TestTameKeepsBoundsAfterFencesItCannotBeSureOf(t *testing.T) {
	quotes := strings.Repeat("> ", 3*markdown.MaxContainerDepth) + "a\n"
	defs := strings.Repeat("[a]: b\n", 3*markdown.MaxRefDefRun)
	for _, doc := range []string{
		"- a\n  ```\n" + quotes,
		"- a\n\n  ```\n" + quotes,
		"- a\n  ```\n" + defs,
		"<div>\n```\n\n" + quotes,
		"<!--\n```\n-->\n" + quotes,
		"<pre>\n\n```\n</pre>\n" + quotes,
	} {
		if markdown.Tame(doc) == doc {
			t.Errorf("%q: left as it is", doc[:20])
		}
	}
	for _, doc := range []string{"```\n" + quotes + defs + "```\n", "~~~~\n" + quotes + "~~~~\n"} {
		if markdown.Tame(doc) != doc {
			t.Errorf("%q: a code block changed", doc[:20])
		}
	}
}

// TestTameBoundsHostileShapes: every hostile shape at the body limit renders in well under a
// second on the shared build box. (The flat cost per byte is BenchmarkHostileShapes.)
func TestTameBoundsHostileShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 160,000-character bodies")
	}
	var slowest time.Duration
	for _, s := range hostileShapes {
		src := s.build(160_000)
		d := cpuTime(func() { _, _ = markdown.Render(src) })
		slowest = max(slowest, d)
		if d > 500*time.Millisecond {
			t.Logf("%s: 160,000 characters took %v of CPU", s.name, d)
		}
		if d > 2*time.Second {
			t.Errorf("%s: 160,000 characters took %v of CPU", s.name, d)
		}
	}
	t.Logf("slowest shape at 160,000 characters: %v of CPU", slowest)
}
