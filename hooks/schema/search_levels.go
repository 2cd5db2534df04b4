package schema

// Columns the search index gained for ranking by levels and for snippets cut at index time
// (migration 1796000100_search_levels).
//
// SearchIndexLevels is the FTS column holding one "term·level" token per distinct term of the
// page; queries reach it only through ranking, never through what a person types.
// SearchDocText is the plain text of the page (description, then the body without markup, at
// most 64 KB) that snippets are cut from.
const (
	SearchIndexLevels = "levels"
	SearchDocText     = "snippet_text"
)
