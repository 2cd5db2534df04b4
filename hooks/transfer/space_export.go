package transfer

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// spaceExport handles GET /api/folio/spaces/{id}/export: the space's pages, every locale and
// drafts included, as a zip of a Wiki.js tree. The archive is built in memory before the
// first byte is sent, so a failure is still a JSON error rather than a cut-off download.
func spaceExport(e *core.RequestEvent) error {
	space, err := findWritableSpace(e)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := ExportZip(e.App, space, &buf); err != nil {
		var exportErr *ExportError
		if errors.As(err, &exportErr) {
			return e.BadRequestError("The space cannot be written as a Wiki.js tree: "+exportErr.Reason, nil)
		}
		e.App.Logger().Error("Failed to export a space", "error", err, "space", space.Id)
		return e.InternalServerError("The export failed; the server log has the cause.", nil)
	}
	e.Response.Header().Set("Content-Disposition",
		fmt.Sprintf(`attachment; filename="%s-wikijs.zip"`, schema.AsSpace(space).Slug()))
	return e.Blob(http.StatusOK, "application/zip", buf.Bytes())
}
