package textseg

import "unicode/utf8"

// unitMark ends a unit token. Terms never hold it (it is punctuation to the segmenter), so a unit
// token can only be matched by a query's unit pattern.
const unitMark = "·"

// UnitToken returns the unit token of an index term: its first character followed by the unit
// mark ("首都" → "首·"), when that character is Han, kana or Hangul. An index that stores, for
// each page, the unit tokens of all its terms answers a query for one such character (a lone
// 首 or 물, which MatchExprIn writes as its unit token) exactly as the prefix "首"* over the terms
// would: a term starts with a one-rune string if and only if its first rune is that rune.
func UnitToken(term string) (string, bool) {
	r, size := utf8.DecodeRuneInString(term)
	if c := classOf(r); c != classCJK && c != classHangul {
		return "", false // also the empty term and invalid UTF-8: RuneError is no letter
	}
	return term[:size] + unitMark, true
}

// isUnit reports whether a lone query piece can be looked up by its unit token: one rune that
// UnitToken accepts. A piece that folding made longer (㍿ → 株式会社) stays a prefix.
func isUnit(piece string) bool {
	_, ok := UnitToken(piece)
	return ok && utf8.RuneCountInString(piece) == 1
}
