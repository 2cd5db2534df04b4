package transfer

import (
	"errors"
	"io"
	"io/fs"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/mdtree"
	"folio/hooks/schema"
)

// Multipart fields of an import upload.
const (
	uploadFile   = "file"
	uploadFormat = "format"
)

// spaceImport handles POST /api/folio/spaces/{id}/import: a zip of a Wiki.js or Hugo tree in
// the multipart field "file", and optionally "format" (wikijs or hugo; detected otherwise).
// It answers with the Summary. Bad files are reported in it and skipped; only an upload that
// is not a usable tree at all is a 400, and then nothing was written.
func spaceImport(e *core.RequestEvent) error {
	space, err := findWritableSpace(e)
	if err != nil {
		return err
	}
	format := mdtree.Format(e.Request.FormValue(uploadFormat))
	if format != "" && format != mdtree.FormatWikiJS && format != mdtree.FormatHugo {
		return e.BadRequestError("Unknown format: use wikijs or hugo, or leave it out to detect it.",
			validation.Errors{uploadFormat: validation.NewError("validation_invalid_format", "Use wikijs or hugo.")})
	}
	if handled, err := spaceImportGit(e, space, format); handled {
		return err
	}
	fsys, closeUpload, err := openUpload(e)
	if errors.Is(err, apis.ErrRequestEntityTooLarge) {
		return err
	}
	if err != nil {
		return e.BadRequestError(err.Error(), validation.Errors{uploadFile: validation.NewError("validation_invalid_zip", err.Error())})
	}
	defer closeUpload()
	opts := ImportOptions{Format: format}
	if e.Auth != nil && e.Auth.Collection().Name == schema.CollectionUsers {
		opts.User = e.Auth.Id
	}
	sum, err := Import(e.App, space, fsys, opts)
	var treeErr *TreeError
	switch {
	case errors.As(err, &treeErr):
		return e.BadRequestError(treeErr.Reason, nil)
	case err != nil:
		e.App.Logger().Error("Failed to import a tree", "error", err, "space", space.Id)
		return e.InternalServerError("The import failed; the server log has the cause.", nil)
	}
	return e.JSON(http.StatusOK, sum)
}

// openUpload reads the one zip of the "file" field in place — the multipart parser has
// spooled it to memory or a temporary file — and returns it with the function that closes it.
func openUpload(e *core.RequestEvent) (fs.FS, func(), error) {
	files, err := e.FindUploadedFiles(uploadFile)
	if errors.Is(err, apis.ErrRequestEntityTooLarge) {
		return nil, nil, err
	}
	if err != nil || len(files) != 1 {
		return nil, nil, errors.New(`Upload one zip archive of the tree in the multipart field "file".`)
	}
	r, err := files[0].Reader.Open()
	if err != nil {
		return nil, nil, errors.New("the upload cannot be read; send it again")
	}
	closeUpload := func() { r.Close() }
	ra, ok := r.(io.ReaderAt)
	if !ok {
		closeUpload()
		return nil, nil, errors.New("the upload cannot be read; send it again")
	}
	fsys, err := openZip(ra, files[0].Size)
	if err != nil {
		closeUpload()
		return nil, nil, err
	}
	return fsys, closeUpload, nil
}
