package schema

// PagesReadIndex is the index of pages holding, beside each id, the columns the pages read rule
// and search's filters look at (space, status, render, publish window, locale), so search checks
// the rule on many pages without reading their rows.
const PagesReadIndex = "idx_pages_search_read"
