package schema

// Columns the search index gained for ranking by levels and for snippets cut at index time
// (migration 1796000100_search_levels).
//
// SearchIndexLevels is the FTS column holding one "term·level" token per distinct term of the
// page, reached only through ranking, and one unit token ("首·") per Han, kana or Hangul
// character that starts a term of the page (migration 1797000700_search_hangul_phrases), which is how a
// query for one such character is answered; what a person types never names either.
// SearchDocText is the plain text of the page (description, then the body without markup, at
// most 64 KB) that snippets are cut from.
const (
	SearchIndexLevels = "levels"
	SearchDocText     = "snippet_text"
)
