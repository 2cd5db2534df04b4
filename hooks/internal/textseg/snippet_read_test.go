package textseg

import (
	"strings"
	"testing"
)

// A snippet reads a long text only as far as it must: up to the first paragraph after which a
// window holds every word of the query, and to the end when no window does.
func TestSnippetReadsOnlyAsFarAsItMust(t *testing.T) {
	para := strings.Repeat("lorem ipsum dolor sit amet ", 100) + "\n"
	text := "alpha and beta in the first paragraph.\n" + strings.Repeat(para, 20) + "gamma at the end.\n"
	parse := func(s string) Query {
		q, err := ParseQuery(s)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	if _, read := snippetHits(text, parse("alpha beta"), 160); read > 2*snippetChunk+len(para) {
		t.Errorf("both words are in the first paragraph, yet %d of %d bytes were read", read, len(text))
	}
	if _, read := snippetHits(text, parse("alpha gamma"), 160); read != len(text) {
		t.Errorf("no window holds both words: read %d of %d bytes, want all", read, len(text))
	}
	// The window with both words comes after a paragraph holding one of them.
	text = "alpha alone.\n" + strings.Repeat(para, 5) + "here alpha and beta together.\n" + strings.Repeat(para, 5)
	if got := Snippet(text, parse("alpha beta"), 60); !strings.Contains(got, "<mark>alpha</mark> and <mark>beta</mark>") {
		t.Errorf("snippet missed the later window with both words: %q", got)
	}
}
