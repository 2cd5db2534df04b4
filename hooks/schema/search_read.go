package schema

// PagesReadIndex is the index of pages holding, beside each id, the columns the pages read rule
// and search's filters look at (space, status, render, publish window, locale), so search checks
// the rule on many pages without reading their rows.
const PagesReadIndex = "idx_pages_search_read"

// SearchDocsPageIndex is the index of pages_search holding each rowid's page id, a few bytes an
// entry: the rule check looks up the page of thousands of FTS rowids per query, and reading them
// from pages_search itself would touch one table page per row (each row holds its snippet text).
const SearchDocsPageIndex = "idx_pages_search_page"
