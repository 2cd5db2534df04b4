package transfer

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

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
	fsys, err := openUpload(e)
	if errors.Is(err, apis.ErrRequestEntityTooLarge) {
		return err
	}
	if err != nil {
		return e.BadRequestError(err.Error(), validation.Errors{uploadFile: validation.NewError("validation_invalid_zip", err.Error())})
	}
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

// openUpload reads the one zip of the "file" field. The multipart parser has already spooled
// it to memory or a temporary file, which the zip reader reads in place.
func openUpload(e *core.RequestEvent) (fs.FS, error) {
	files, err := e.FindUploadedFiles(uploadFile)
	if errors.Is(err, apis.ErrRequestEntityTooLarge) {
		return nil, err
	}
	if err != nil || len(files) != 1 {
		return nil, errors.New(`Upload one zip archive of the tree in the multipart field "file".`)
	}
	return openUploadedZip(files[0])
}

func openUploadedZip(f *filesystem.File) (fs.FS, error) {
	r, err := f.Reader.Open()
	if err != nil {
		return nil, errors.New("the upload cannot be read; send it again")
	}
	// The reader stays open for the import: the multipart form owns the file and removes
	// it when the request ends.
	if ra, ok := r.(io.ReaderAt); ok {
		return openZip(ra, f.Size)
	}
	data, err := io.ReadAll(io.LimitReader(r, maxUploadSize+1))
	r.Close()
	if err != nil {
		return nil, errors.New("the upload cannot be read; send it again")
	}
	return openZip(bytes.NewReader(data), int64(len(data)))
}
