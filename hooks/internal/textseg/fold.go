package textseg

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// A cases.Caser keeps state while it transforms, so each goroutine borrows its own.
var folders = sync.Pool{New: func() any { c := cases.Fold(); return &c }}

// foldWord turns a word of a spaced script into its index form: compatibility forms unified
// (ＡＢＣ → abc), full case folding (Straße → strasse), diacritics removed (Café → cafe) and
// anything that is not a letter, digit or kept mark dropped, so the result is always safe for
// the FTS5 ascii tokenizer. It may return "" when nothing searchable is left. Folding a folded
// word changes nothing, so a term typed back as indexed finds itself.
func foldWord(s string) string {
	if isASCIIAlnum(s) {
		return asciiLower(s)
	}
	if f, ok := foldAlphabetic(s); ok {
		return f
	}
	if isOwnFold(s) {
		return s
	}
	return foldSlow(s)
}

// isOwnFold reports a word that foldSlow gives back as it is: letters without case and marks
// that are not diacritics, in decomposed and composed normal form alike, not starting with a
// mark. Most Hindi words are, and skip the three Unicode transformations; Bengali words with a
// vowel sign that composes (ো) are not (TestOwnFoldsAreFoldSlow checks every character alone and
// every pair within each 128-character block below U+3000).
func isOwnFold(s string) bool {
	for i, r := range s {
		switch {
		case r < utf8.RuneSelf || isCJK(r) || isHangul(r):
			return false
		case unicode.IsLetter(r):
			if unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
				unicode.SimpleFold(r) != r || unicode.ToUpper(r) != r || unicode.ToLower(r) != r || isDiacritic(r) {
				return false // a letter with case, or one case folding or stripMarks would change
			}
		case unicode.IsMark(r):
			if i == 0 || isDiacritic(r) {
				return false
			}
		default:
			return false
		}
	}
	return s != "" && norm.NFKD.IsNormalString(s) && norm.NFC.IsNormalString(s)
}

// foldSlow is foldWord for any text. Diacritics go both before case folding, which would turn
// the Greek iota subscript into a letter, and after it, which adds a dot to the i of Turkish İ.
func foldSlow(s string) string {
	s = stripMarks(norm.NFKD.String(s))
	if isASCIIAlnum(s) {
		return s // accented Latin: stripping already lower-cased what is left
	}
	c := folders.Get().(*cases.Caser)
	f := c.String(s)
	folders.Put(c)
	if f != s {
		f = stripMarks(norm.NFKD.String(f))
	}
	// A compatibility character can decompose into a leading mark (Thai ำ); the segmenter
	// never starts a word with one, so neither may the folded form.
	return strings.TrimLeftFunc(norm.NFC.String(f), unicode.IsMark)
}

// stripMarks drops diacritics and everything that is not a letter, digit or kept mark from
// decomposed text.
func stripMarks(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < 0x80 {
			if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
				b.WriteRune(r)
			} else if 'A' <= r && r <= 'Z' {
				b.WriteRune(r + 'a' - 'A')
			}
			continue
		}
		switch {
		case isDiacritic(r):
		case isCJK(r) || isHangul(r):
			// Only compatibility forms get here (㊀ → 一); left in, they would make a word
			// that segments differently when typed back.
		case unicode.IsLetter(r):
			// x/text's Fold swaps the case of Cherokee instead of settling on one; the
			// lower case of the upper case is a fixed point for every letter.
			r = unicode.ToLower(unicode.ToUpper(r))
			if repl, ok := strokeLetters[r]; ok {
				b.WriteString(repl)
			} else {
				b.WriteRune(r)
			}
		case unicode.IsNumber(r), unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// alphabetFolds holds the folded form of each precomposed letter of the Latin-1, Latin
// Extended-A/B, Latin Extended Additional (Vietnamese), Greek, Greek Extended, Cyrillic,
// Armenian, Hebrew and Arabic blocks, so words made of them skip the three Unicode
// transformations. Hebrew points and Arabic harakat are marks, not letters: a word holding one
// takes the slow path. Out of context each letter folds exactly as inside a word: no combining
// marks are involved and case folding needs no context (TestAlphabetFoldsFoldAsWords checks every
// letter alone, between ASCII letters and next to every other letter of its block).
var alphabetFolds = sync.OnceValue(func() map[rune]string {
	m := map[rune]string{}
	add := func(from, to rune) {
		for r := from; r <= to; r++ {
			if unicode.IsLetter(r) {
				m[r] = foldSlow(string(r))
			}
		}
	}
	add(0x80, 0x24F)
	add(0x370, 0x6FF)
	add(0x1E00, 0x1FFF)
	return m
})

// foldAlphabetic folds a word of ASCII and the precomposed letters of alphabetFolds; ok is
// false for anything else.
func foldAlphabetic(s string) (string, bool) {
	folds := alphabetFolds()
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			b.WriteRune(r)
		case 'A' <= r && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		default:
			f, ok := folds[r]
			if !ok {
				return "", false
			}
			b.WriteString(f)
		}
	}
	return b.String(), true
}

// strokeLetters are letters whose "accent" is part of the glyph, so NFD cannot strip it, yet
// people type the bare letter when searching (Vietnamese đ, Polish ł, Danish ø) or spell the
// ligature out (French œ).
var strokeLetters = map[rune]string{
	'đ': "d", 'ł': "l", 'ø': "o", 'ħ': "h", 'œ': "oe", 'æ': "ae",
}

// isDiacritic reports the marks that are removed from words. Only accents of the Latin, Greek
// and Cyrillic blocks plus Hebrew points and Arabic vowel signs are dropped: the vowel signs and
// viramas of Indic scripts are also combining marks, but removing them would merge different
// words. Variation selectors and the Arabic elongation stroke change only the look of a word.
func isDiacritic(r rune) bool {
	switch {
	case 0x0300 <= r && r <= 0x036F, 0x0483 <= r && r <= 0x0489:
		return true
	case 0x0591 <= r && r <= 0x05C7:
		return unicode.Is(unicode.Mn, r)
	case 0x0610 <= r && r <= 0x061A, 0x064B <= r && r <= 0x065F, r == 0x0670, r == 0x0640:
		return true
	case 0x06D6 <= r && r <= 0x06ED:
		return unicode.Is(unicode.Mn, r)
	case 0x1AB0 <= r && r <= 0x1AFF, 0x1DC0 <= r && r <= 0x1DFF, 0x20D0 <= r && r <= 0x20FF:
		return true
	case 0xFE20 <= r && r <= 0xFE2F:
		return true
	}
	return isVariationSelector(r)
}

func isVariationSelector(r rune) bool {
	return 0xFE00 <= r && r <= 0xFE0F || 0xE0100 <= r && r <= 0xE01EF
}

// foldUnit returns the index form of one Han/Kana character or Hangul syllable (a base rune
// and what extends it) taken from the original text. Most need nothing, and then the result is
// the original substring, so indexing CJK text allocates little.
func foldUnit(u string, c class) string {
	r, size := utf8.DecodeRuneInString(u)
	if size == len(u) && isStableUnit(r) {
		return u
	}
	var s string
	switch {
	case c == classCJK:
		s = norm.NFKC.String(u) // half-width katakana, compatibility ideographs
	case 0xFFA0 <= r && r <= 0xFFDC:
		s = width.Fold.String(u)
	case 0x3130 <= r && r <= 0x318F:
		// NFKC would turn a standalone (compatibility) jamo into a conjoining one, which
		// then fuses with the next syllable when the folded text is segmented again.
		s = u
	default:
		s = norm.NFC.String(u) // decomposed Korean: leading + vowel (+ final) jamo → syllable
	}
	if keepsAllUnit(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if keptInUnit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isStableUnit reports characters that NFKC leaves alone: the common Han, kana and Hangul
// syllable blocks (compatibility ideographs and half-width forms live elsewhere).
func isStableUnit(r rune) bool {
	switch {
	case 0x4E00 <= r && r <= 0x9FFF, 0x3400 <= r && r <= 0x4DBF:
		return true
	case 0x3041 <= r && r <= 0x3096, 0x30A1 <= r && r <= 0x30FA, 0x30FC <= r && r <= 0x30FE:
		return true
	case 0xAC00 <= r && r <= 0xD7A3, r == 0x3005:
		return true
	}
	return false
}

func keepsAllUnit(s string) bool {
	for _, r := range s {
		if !keptInUnit(r) {
			return false
		}
	}
	return true
}

// keptInUnit filters what NFKC made of a unit: a few compatibility characters expand to text
// with spaces, and variation selectors only pick a glyph.
func keptInUnit(r rune) bool {
	return r >= 0x80 && !isVariationSelector(r) &&
		(unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))
}

func isASCIIAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// asciiLower avoids an allocation for words that are already lower case, which most are.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}
