package textseg

import (
	"slices"
	"testing"
	"unicode"
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

// A word isOwnFold accepts is its own fold: every character alone, every pair of characters of
// one 128-character block below the CJK blocks, and each character before a letter of another
// script.
func TestOwnFoldsAreFoldSlow(t *testing.T) {
	check := func(word string) bool {
		if !isOwnFold(word) {
			return false
		}
		if want := foldSlow(word); want != word {
			t.Fatalf("%q (%U) is taken as its own fold, but folds to %q", word, []rune(word), want)
		}
		return true
	}
	var alone []rune
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if check(string(r)) {
			alone = append(alone, r)
		}
	}
	if len(alone) < 10000 {
		t.Fatalf("only %d characters are their own fold", len(alone))
	}
	pairs := 0
	for r := rune(0x80); r < 0x3000; r++ {
		for s := r &^ 127; s < r&^127+128; s++ {
			if check(string(r) + string(s)) {
				pairs++
			}
		}
		check(string(r) + "ক")
		check(string(r) + "ก")
	}
	if pairs < 20000 {
		t.Errorf("only %d pairs are their own fold", pairs)
	}
	for _, w := range []string{"हिन्दी", "কুবারনেটিস", "ক্লাস্টার", "ภาษาไทย", "தமிழ்", "ქართული"} {
		if got, want := foldWord(w), foldSlow(w); got != want {
			t.Errorf("%q folds to %q, want %q", w, got, want)
		}
	}
}
