package textseg

import (
	"slices"
	"testing"
)

// A word of letters foldAlphabetic knows folds as foldSlow folds it: every letter alone, every
// pair of letters of one 256-character block, and each letter between ASCII letters.
func TestAlphabetFoldsFoldAsWords(t *testing.T) {
	var letters []rune
	for r := range alphabetFolds() {
		letters = append(letters, r)
	}
	slices.Sort(letters)
	if len(letters) < 1000 {
		t.Fatalf("only %d letters", len(letters))
	}
	check := func(word string) {
		got, ok := foldAlphabetic(word)
		if want := foldSlow(word); !ok || got != want {
			t.Fatalf("%q (%U) folds to %q, want %q", word, []rune(word), got, want)
		}
	}
	for _, a := range letters {
		check(string(a))
		check("Ab" + string(a) + "z9")
		for _, b := range letters {
			if a>>8 == b>>8 {
				check(string(a) + string(b))
			}
		}
	}
}
