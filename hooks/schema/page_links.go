package schema

// Names of the page_links collection and its fields: one row per internal link found in a page
// body. to_page is empty while the link is broken (no page at to_locale/to_path).
const (
	CollectionPageLinks = "page_links"

	PageLinkPage     = "page"
	PageLinkSpace    = "space"
	PageLinkHref     = "href"
	PageLinkToLocale = "to_locale"
	PageLinkToPath   = "to_path"
	PageLinkAnchor   = "anchor"
	PageLinkToPage   = "to_page"
)
