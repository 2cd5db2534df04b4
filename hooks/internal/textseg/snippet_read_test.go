package textseg

import (
	"strings"
	"testing"
	"unicode"
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

// Every character scanForm accepts keeps each token of a text a piece of the text's scan form:
// alone, doubled, beside ASCII words and beside letters of other scripts, which is what lets a
// snippet skip a paragraph whose scan form contains none of the query's terms.
func TestScanFormHoldsEveryToken(t *testing.T) {
	neighbours := []string{"Ab", "é", "Ж", "ω", "Ẫ", "首", "の", "ー", "한", "，", " ", "ς"}
	check := func(text string) {
		form, ok := scanForm(text)
		if !ok {
			t.Fatalf("%q: not accepted, though each of its characters is", text)
		}
		for _, tok := range Tokens(text) {
			if !strings.Contains(form, tok.Term) {
				t.Fatalf("token %q of %q is not in its scan form %q", tok.Term, text, form)
			}
		}
	}
	checked := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if _, ok := scanForm(string(r)); !ok || 0xD800 <= r && r <= 0xDFFF {
			continue
		}
		c := string(r)
		check(c)
		check(c + c)
		check("Ab" + c + "Cd " + c + "x")
		if _, letter := alphabetFolds()[r]; letter || r < 0x80 || checked%64 == 0 {
			for _, n := range neighbours {
				check(n + c + n)
			}
		}
		checked++
	}
	if checked < 30000 {
		t.Errorf("checked only %d characters", checked)
	}
}

// A term held as its two pieces compares as the joined term would, wherever the pieces split it.
func TestDocTokenComparesAsTheJoinedTerm(t *testing.T) {
	terms := []docToken{{a: "首", b: "都"}, {a: "cafe"}, {a: "", b: "都"}, {a: "ab", b: "cd"}}
	wants := []string{"", "首", "首都", "首都x", "都", "ca", "cafe", "cafes", "a", "ab", "abc", "abcd", "abcde", "abd", "b"}
	for _, tok := range terms {
		joined := tok.a + tok.b
		for _, w := range wants {
			if got := tok.is(w); got != (joined == w) {
				t.Errorf("%q+%q is %q: %v", tok.a, tok.b, w, got)
			}
			if got := tok.startsWith(w); got != strings.HasPrefix(joined, w) {
				t.Errorf("%q+%q starts with %q: %v", tok.a, tok.b, w, got)
			}
		}
	}
}
