package textseg

import (
	"strings"
	"testing"
)

// A snippet reads a long text only as far as it must: up to the paragraph where the last of the
// query's words first appears, and to the end when one never does.
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
	if _, read := snippetHits(text, parse("alpha beta")); read > 2*snippetChunk+len(para) {
		t.Errorf("both words are in the first paragraph, yet %d of %d bytes were read", read, len(text))
	}
	if _, read := snippetHits(text, parse("alpha delta")); read != len(text) {
		t.Errorf("delta is not in the text: read %d of %d bytes, want all", read, len(text))
	}
	// The window with both words comes after a paragraph holding one of them.
	text = "alpha alone.\n" + strings.Repeat(para, 5) + "here alpha and beta together.\n" + strings.Repeat(para, 5)
	if got := Snippet(text, parse("alpha beta"), 60); !strings.Contains(got, "<mark>alpha</mark> and <mark>beta</mark>") {
		t.Errorf("snippet missed the later window with both words: %q", got)
	}
}

// Every character foldsToItself accepts is indexed as written: alone, doubled and beside an
// ASCII word, each token of the text is a piece of the lower-cased text, which is what lets a
// snippet skip a paragraph that contains none of the query's terms.
func TestFoldsToItselfKeepsTokens(t *testing.T) {
	checked := 0
	for r := rune(0); r <= 0xFFFF; r++ {
		if !keptAsWritten(r) {
			continue
		}
		for _, text := range []string{string(r), string(r) + string(r), "Ab" + string(r) + "Cd " + string(r) + "x"} {
			lower := asciiLower(text)
			for _, tok := range Tokens(text) {
				if !strings.Contains(lower, tok.Term) {
					t.Fatalf("%U: token %q of %q is not in the text as written", r, tok.Term, text)
				}
			}
		}
		checked++
	}
	if checked < 30000 {
		t.Errorf("checked only %d characters", checked)
	}
}
