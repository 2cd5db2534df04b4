package schema

// Names of the search index: two raw SQL tables that no collection describes, created by the
// search migrations and written only by the search concern, inside the page's own transaction.
//
// SearchIndexTable is an FTS5 table (tokenize='ascii', contentless with delete support) whose
// columns hold textseg.IndexText output; its rowid is SearchDocs' integer primary key, which
// VACUUM never renumbers. SearchDocsTable maps that rowid to the page id and keeps what ranking
// and upkeep need without reading the FTS table back.
const (
	SearchIndexTable = "pages_fts"
	SearchIndexTitle = "title"
	SearchIndexTags  = "tags"
	SearchIndexBody  = "body"

	SearchDocsTable   = "pages_search"
	SearchDocID       = "id"
	SearchDocPage     = "page_id"
	SearchDocTitleKey = "title_key"
	SearchDocHash     = "content_hash"
)
