package pages

import (
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/markdown"
	"folio/hooks/schema"
)

// renderPage renders the page body into html and toc, sanitized, so that reads serve stored
// HTML and never render. It returns the links the body holds, for the link index.
func renderPage(app core.App, r, space *core.Record) ([]markdown.Link, error) {
	out, err := markdown.RenderWithIncludes(r.GetString(schema.PageBody), includerFor(app, r, space))
	if err != nil {
		app.Logger().Error("Failed to render a page body", "error", err, "page", r.Id)
		return nil, renderError()
	}
	r.Set(schema.PageHTML, out.HTML)
	toc := out.TOC
	if toc == nil {
		toc = []markdown.Heading{}
	}
	r.Set(schema.PageTOC, toc)
	return out.Links, nil
}

// keepRendered puts back the stored html and toc when the body did not change, so a client
// cannot replace them.
func keepRendered(r, head *core.Record) {
	r.Set(schema.PageHTML, head.Get(schema.PageHTML))
	r.Set(schema.PageTOC, head.Get(schema.PageTOC))
}
