package schema

// Names of the page_sources collection and its fields: the file a page was last imported from,
// so that an export writes the page back in the form it came in. Head is the file's text before
// the body (its front matter, delimiters and all), kept byte for byte; source_revision is the
// translation's source_revision as that file gave it, so an export knows whether the file's
// provenance key still holds. Only Folio's import writes these rows; no API rule opens them.
const (
	CollectionPageSources = "page_sources"

	PageSourcePage     = "page"
	PageSourceFormat   = "format"
	PageSourceFile     = "file"
	PageSourceHead     = "head"
	PageSourceMadeFrom = "source_revision"
	PageSourceUpdated  = "updated"
)
