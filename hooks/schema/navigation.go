package schema

// Names of the page fields the navigation concern reads and editors set: the order of a page
// among its siblings, its title in menus and sidebars, and whether it is rendered on its own.
const (
	PageWeight    = "weight"
	PageLinkTitle = "link_title"
	PageRender    = "render"
)

// Values of a page's render field. A page rendered "never" (Hugo's headless pages, include-only
// snippets) is stored, includable and visible to editors, but not listed to readers, not
// viewable by them and not in their search results. A "link" page appears in the tree but has no
// body of its own worth reading (Hugo's build.render: link). Empty means always.
const (
	RenderAlways = "always"
	RenderLink   = "link"
	RenderNever  = "never"
)

// Names of the redirects collection and its fields: an old address (space, locale, path) of a
// page that moved, answered with the page wherever it is now.
const (
	CollectionRedirects = "redirects"

	RedirectSpace   = "space"
	RedirectLocale  = "locale"
	RedirectPath    = "path"
	RedirectPage    = "page"
	RedirectCreated = "created"
)

// PageLinkFallback names the page_links field that marks a link from a translation to a page
// that exists only in the source locale: to_page is then the source page, and the link is not
// broken, though the coverage report still counts the translation as missing.
const PageLinkFallback = "fallback"
