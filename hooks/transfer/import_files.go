package transfer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/router"

	"folio/hooks/internal/mdtree"
	"folio/hooks/schema"
)

// maxImportFile is the largest file an import reads; the attachments collection's own limit
// (FOLIO_ATTACHMENT_MAX_SIZE) refuses smaller ones with its reason.
const maxImportFile = 100 << 20

// importFiles saves every non-markdown file of the tree as an attachment of the space at its
// path, before the pages, so that the pages' references resolve as they are saved. A file
// whose bytes equal the attachment already at its path is left alone; a refused one is named
// in the summary with the reason.
func (im *importer) importFiles(fsys fs.FS, files []mdtree.File, readErrs []mdtree.FileError) {
	for _, e := range readErrs {
		im.sum.Files.refuse(e.Locale, e.File, e.Reason)
	}
	for _, f := range files {
		outcome, reason := importFile(im.app, im.space, fsys, f, im.user)
		if outcome == outcomeFailed {
			im.sum.Files.refuse(f.Locale, f.File, reason)
			continue
		}
		im.sum.Files.count(f.Locale, outcome)
	}
}

// importFile creates or replaces the attachment at the file's address and returns the outcome,
// or outcomeFailed and the reason.
func importFile(app core.App, spaceId string, fsys fs.FS, f mdtree.File, user string) (string, string) {
	if f.Size > maxImportFile {
		return outcomeFailed, fmt.Sprintf("is %d MB; files larger than %d MB are not imported", f.Size>>20, maxImportFile>>20)
	}
	data, err := readBounded(fsys, f.File)
	if err != nil {
		return outcomeFailed, fmt.Sprintf("cannot be read: %v", err)
	}
	sum := sha256.Sum256(data)
	var found []*core.Record
	err = app.RecordQuery(schema.CollectionAttachments).AndWhere(dbx.HashExp{
		schema.AttachmentSpace: spaceId, schema.AttachmentLocale: f.Locale, schema.AttachmentPath: f.Path}).Limit(1).All(&found)
	if err != nil {
		app.Logger().Error("Failed to look up an attachment", "error", err, "file", f.File)
		return outcomeFailed, "the file could not be saved because of an internal error; the server log has the cause"
	}
	outcome := outcomeCreated
	var rec *core.Record
	if len(found) == 1 {
		rec, outcome = found[0], outcomeUpdated
		if schema.AsAttachment(rec).SHA256() == hex.EncodeToString(sum[:]) {
			return outcomeUnchanged, ""
		}
	} else {
		col, err := app.FindCachedCollectionByNameOrId(schema.CollectionAttachments)
		if err != nil {
			return outcomeFailed, err.Error()
		}
		rec = core.NewRecord(col)
		rec.Set(schema.AttachmentSpace, spaceId)
		rec.Set(schema.AttachmentLocale, f.Locale)
		rec.Set(schema.AttachmentPath, f.Path)
		rec.Set(schema.AttachmentUploader, user)
	}
	file, err := filesystem.NewFileFromBytes(data, path.Base(f.Path))
	if err != nil {
		return outcomeFailed, fmt.Sprintf("cannot be read: %v", err)
	}
	rec.Set(schema.AttachmentFile, file)
	if err := app.Save(rec); err != nil {
		return outcomeFailed, fileRefusal(app, f.File, err)
	}
	return outcome, ""
}

// readBounded reads a file of the tree, at most maxImportFile bytes.
func readBounded(fsys fs.FS, name string) ([]byte, error) {
	fh, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxImportFile+1))
	if err == nil && len(data) > maxImportFile {
		err = fmt.Errorf("larger than %d MB", maxImportFile>>20)
	}
	return data, err
}

// fileRefusal turns a failed attachment save into a reason: the attachment's own message for a
// refusal (size, type, quota, path), an internal error logged and not shown otherwise.
func fileRefusal(app core.App, file string, err error) string {
	var ve validation.Errors
	if errors.As(err, &ve) {
		return "refused: " + fieldErrors(ve)
	}
	var ae *router.ApiError
	if errors.As(err, &ae) {
		return "refused: " + ae.Message
	}
	app.Logger().Error("Failed to import a file", "error", err, "file", file)
	return "the file could not be saved because of an internal error; the server log has the cause"
}

// localesOfFiles lists the locales of files, shared ones left out.
func localesOfFiles(files []mdtree.File) []string {
	var out []string
	for _, f := range files {
		if f.Locale != "" && !slices.Contains(out, f.Locale) {
			out = append(out, f.Locale)
		}
	}
	return out
}
