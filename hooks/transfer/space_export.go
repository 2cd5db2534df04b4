package transfer

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// spaceExport handles GET /api/folio/spaces/{id}/export: the space's pages, every locale and
// drafts included, as a zip of a Wiki.js tree, or with ?format=hugo of a Hugo content tree. The archive is built in memory before the
// first byte is sent, so a failure is still a JSON error rather than a cut-off download.
func spaceExport(e *core.RequestEvent) error {
	space, err := findWritableSpace(e)
	if err != nil {
		return err
	}
	format := cmp.Or(e.Request.URL.Query().Get("format"), string(FormatWikiJS))
	if format != string(FormatWikiJS) && format != string(FormatHugo) {
		return e.BadRequestError("Unknown format: use wikijs or hugo.",
			validation.Errors{"format": validation.NewError("validation_invalid_format", "Use wikijs or hugo.")})
	}
	var buf bytes.Buffer
	if _, err := exportZipAs(e.App, space, Format(format), &buf); err != nil {
		var exportErr *ExportError
		if errors.As(err, &exportErr) {
			return e.BadRequestError("The space cannot be written as a "+format+" tree: "+exportErr.Reason, nil)
		}
		e.App.Logger().Error("Failed to export a space", "error", err, "space", space.Id)
		return e.InternalServerError("The export failed; the server log has the cause.", nil)
	}
	e.Response.Header().Set("Content-Disposition",
		fmt.Sprintf(`attachment; filename="%s-%s.zip"`, schema.AsSpace(space).Slug(), format))
	return e.Blob(http.StatusOK, "application/zip", buf.Bytes())
}
