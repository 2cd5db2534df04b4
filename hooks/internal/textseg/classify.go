package textseg

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// class is the segmentation rule a rune falls under.
type class uint8

const (
	classNone   class = iota // separators: spaces, punctuation, symbols, emoji
	classWord                // letters and digits of scripts that put spaces between words
	classCJK                 // Han, Hiragana, Katakana: no spaces between words, so bigrams
	classHangul              // Hangul: spaced words with particles attached, so word + bigrams
)

const (
	zwnj = '\u200C'
	zwj  = '\u200D'
)

// classOf tells which rule starts a run at r.
func classOf(r rune) class {
	if r < 0x80 {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return classWord
		}
		return classNone
	}
	switch {
	case 0x4E00 <= r && r <= 0x9FFF, 0x3041 <= r && r <= 0x3096, 0x30A1 <= r && r <= 0x30FA, r == 0x30FC:
		return classCJK
	case 0xAC00 <= r && r <= 0xD7A3:
		return classHangul
	}
	// Symbols of these scripts (radicals, parenthesized or circled jamo) are not text to find.
	if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
		return classNone
	}
	switch {
	case isHangul(r):
		return classHangul
	case isCJK(r):
		return classCJK
	}
	return classWord
}

// isCJK covers the scripts that are written without spaces between words. The prolonged sound
// mark and the iteration marks are in the Common script but live inside Japanese words, so
// they are listed by hand. The spacing voiced marks U+309B/U+309C are left out on purpose:
// NFKC turns them into a space plus a combining mark.
func isCJK(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	switch r {
	case 0x30FC, 0xFF70, 0x3006, 0x303C, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035:
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// isHangul leaves out the invisible Hangul fillers, which carry no text and are a favourite
// of look-alike spam.
func isHangul(r rune) bool {
	if r < 0x1100 {
		return false
	}
	switch r {
	case 0x115F, 0x3164, 0xFFA0:
		return false
	}
	return unicode.Is(unicode.Hangul, r)
}

// isJamoVT reports a conjoining vowel or final consonant: in decomposed Korean text these
// follow a leading consonant and belong to the same syllable.
func isJamoVT(r rune) bool {
	return 0x1160 <= r && r <= 0x11FF || 0xD7B0 <= r && r <= 0xD7FB
}

// isMark is unicode.IsMark with the blocks most text is made of answered without a table
// lookup; it runs for every rune.
func isMark(r rune) bool {
	switch {
	case r < 0x300, 0x3040 <= r && r <= 0x3098, 0x309B <= r && r <= 0x30FF:
		return false
	case 0x4E00 <= r && r <= 0x9FFF, 0xAC00 <= r && r <= 0xD7A3:
		return false
	}
	return unicode.IsMark(r)
}

// isJoiner reports runes that never start a unit: combining marks, zero-width (non-)joiners and
// the half-width voiced sound marks. They belong to whatever precedes them.
func isJoiner(r rune) bool {
	return r == zwnj || r == zwj || r == 0xFF9E || r == 0xFF9F || isMark(r)
}

// extends reports whether r continues the current unit of a run of class c instead of starting
// a new one.
func extends(r rune, c class) bool {
	switch {
	case r == zwnj || r == zwj || isMark(r):
		return true
	case c == classCJK:
		return r == 0xFF9E || r == 0xFF9F
	case c == classHangul:
		return isJamoVT(r)
	}
	return false
}

// scriptTables lists every script except Common and Inherited, frequent ones first so the
// lookup for an uncached letter is usually short.
var scriptTables = func() []*unicode.RangeTable {
	first := []string{"Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Devanagari", "Bengali", "Thai"}
	seen := map[string]bool{"Common": true, "Inherited": true}
	var tables []*unicode.RangeTable
	for _, name := range first {
		seen[name] = true
		tables = append(tables, unicode.Scripts[name])
	}
	var rest []string
	for name := range unicode.Scripts {
		if !seen[name] {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	for _, name := range rest {
		tables = append(tables, unicode.Scripts[name])
	}
	return tables
}()

// scriptOf returns the script of a letter, or nil for digits and for letters shared by all
// scripts, which therefore never split a word. cache is the last script found: consecutive
// letters nearly always share it.
func scriptOf(r rune, cache *unicode.RangeTable) *unicode.RangeTable {
	if r < 0x80 {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return unicode.Latin
		}
		return nil
	}
	if !unicode.IsLetter(r) {
		return nil
	}
	if cache != nil && unicode.Is(cache, r) {
		return cache
	}
	if t := lookupScript(r); t != nil {
		return t
	}
	// A letter shared by all scripts may fold into one (µ → Greek μ, ℌ → Latin h). Taking the
	// script of the folded letter keeps folding idempotent: the indexed term, typed back into
	// the search box, segments the same way.
	if f, _ := utf8.DecodeRuneInString(foldWord(string(r))); f != utf8.RuneError && f != r {
		if f < 0x80 {
			return unicode.Latin
		}
		return lookupScript(f)
	}
	return nil
}

func lookupScript(r rune) *unicode.RangeTable {
	for _, t := range scriptTables {
		if unicode.Is(t, r) {
			return t
		}
	}
	return nil
}
