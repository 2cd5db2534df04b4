package attachments

import (
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/pagepath"
	"folio/hooks/schema"
)

// onAttachmentCreateRequest runs for an upload through the records API, after the create rule
// let the caller in. The uploader is the caller, whatever the body says. Uploading bytes the
// space already holds is not a second copy: with no path, or the path of the existing file,
// the answer is the existing attachment (200, nothing written) — pasting the same image twice
// gives one file. Another file already at the path is a 400 naming path: replace it with an
// update instead.
func onAttachmentCreateRequest(e *core.RecordRequestEvent) error {
	e.Record.Set(schema.AttachmentUploader, "")
	if e.Auth != nil && e.Auth.Collection().Name == schema.CollectionUsers {
		e.Record.Set(schema.AttachmentUploader, e.Auth.Id)
	}
	existing, err := findSameUpload(e)
	if err != nil {
		return e.BadRequestError("Failed to create record.", err)
	}
	if existing == nil {
		return e.Next()
	}
	if err := apis.EnrichRecord(e.RequestEvent, existing); err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, existing)
}

// onAttachmentUpdateRequest keeps the uploader of an attachment as it was.
func onAttachmentUpdateRequest(e *core.RecordRequestEvent) error {
	e.Record.Set(schema.AttachmentUploader, e.Record.Original().GetString(schema.AttachmentUploader))
	return e.Next()
}

// findSameUpload returns the attachment of the same space and locale that already holds the
// uploaded bytes at the requested path (or anywhere, when no path was given), or nil. A
// different file at the requested path is an error naming path.
func findSameUpload(e *core.RecordRequestEvent) (*core.Record, error) {
	files := e.Record.GetUnsavedFiles(schema.AttachmentFile)
	if len(files) != 1 {
		return nil, nil // the model hook names what is wrong
	}
	space := e.Record.GetString(schema.AttachmentSpace)
	locale := strings.ToLower(strings.TrimSpace(e.Record.GetString(schema.AttachmentLocale)))
	requested := e.Record.GetString(schema.AttachmentPath)
	var atPath *core.Record
	if strings.TrimSpace(requested) != "" {
		p, err := pagepath.Normalize(requested)
		if err != nil {
			return nil, nil
		}
		atPath = findAttachment(e.App, dbx.HashExp{schema.AttachmentSpace: space, schema.AttachmentLocale: locale, schema.AttachmentPath: p})
		if atPath == nil {
			return nil, nil
		}
	}
	info, err := inspect(files[0], CeilingMaxSize)
	if err != nil {
		return nil, nil // the model hook reads it again and reports it
	}
	if atPath != nil {
		if atPath.GetString(schema.AttachmentSHA256) == info.sha256 {
			return atPath, nil
		}
		return nil, fieldError(schema.AttachmentPath, "validation_path_taken",
			"Another file is already at this path; update that attachment to replace it, or choose another path.")
	}
	return findAttachment(e.App, dbx.HashExp{schema.AttachmentSpace: space, schema.AttachmentLocale: locale, schema.AttachmentSHA256: info.sha256}), nil
}

// findAttachment returns the first attachment matching where, or nil.
func findAttachment(app core.App, where dbx.Expression) *core.Record {
	var found []*core.Record
	if err := app.RecordQuery(schema.CollectionAttachments).AndWhere(where).Limit(1).All(&found); err != nil || len(found) == 0 {
		return nil
	}
	return found[0]
}
