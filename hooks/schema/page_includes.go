package schema

// Collection page_includes: the addresses each page's include shortcodes name, resolved against
// the page (locale, path), written whenever the page is rendered. A save, move or delete of the
// page at an address finds the pages that include it by the (space, path) index instead of
// reading every body. Server-written; superusers only through the API.
const (
	CollectionPageIncludes = "page_includes"

	PageIncludePage   = "page"
	PageIncludeSpace  = "space"
	PageIncludeLocale = "locale"
	PageIncludePath   = "path"
)
