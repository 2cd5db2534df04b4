package pages

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/markdown"
)

// previewBodyLimit bounds the markdown a preview request may send.
const previewBodyLimit = 2 << 20

// previewBody is the body of POST /api/folio/render.
type previewBody struct {
	Body string `json:"body" form:"body"`
}

// pageRenderPreview answers POST /api/folio/render {body} with {html, toc}: the markdown
// rendered and sanitized exactly as a page save renders it, for an editor's live preview.
// Nothing is stored. Signed-in users only (RequireAuth in bindRoutes).
func pageRenderPreview(e *core.RequestEvent) error {
	var in previewBody
	if err := e.BindBody(&in); err != nil {
		return e.BadRequestError(`Send the markdown as {"body": "..."}.`, err)
	}
	out, err := markdown.Render(in.Body)
	if err != nil {
		e.App.Logger().Error("Failed to render a preview", "error", err)
		return renderError()
	}
	toc := out.TOC
	if toc == nil {
		toc = []markdown.Heading{}
	}
	return e.JSON(http.StatusOK, map[string]any{"html": out.HTML, "toc": toc})
}
