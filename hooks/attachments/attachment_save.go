package attachments

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/gabriel-vasile/mimetype"
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/router"

	"folio/hooks/internal/pagepath"
	"folio/hooks/schema"
)

// onAttachmentSave runs for every save of an attachment — API, dashboard, import alike — before
// anything is written: it normalizes the address (path, locale), and for a new file reads its
// bytes once to sniff the media type, hash them and check the size, type and space quota.
// size, mime and sha256 always come from the bytes, never from the client. A refusal here
// leaves no record and no file: PocketBase uploads the file only after the row is written.
func (s *service) onAttachmentSave(e *core.RecordEvent) error {
	r := e.Record
	space, err := e.App.FindRecordById(schema.CollectionSpaces, r.GetString(schema.AttachmentSpace))
	if err != nil {
		return fieldError(schema.AttachmentSpace, "validation_space_missing", "The attachment's space does not exist.")
	}
	if !r.IsNew() && r.Original().GetString(schema.AttachmentSpace) != space.Id {
		return fieldError(schema.AttachmentSpace, "validation_space_changed", "An attachment cannot move to another space; upload it there instead.")
	}
	files := r.GetUnsavedFiles(schema.AttachmentFile)
	if err := normalizeAddress(r, space, files); err != nil {
		return err
	}
	if err := s.inspectFile(e.App, r, files); err != nil {
		return err
	}
	return e.Next()
}

// normalizeAddress normalizes path like a page path (NFC, no "..", no control characters) —
// taking the uploaded file's name when no path is given — and checks that locale is empty or
// one of the space's locales.
func normalizeAddress(r *core.Record, space *core.Record, files []*filesystem.File) error {
	p := r.GetString(schema.AttachmentPath)
	if strings.TrimSpace(p) == "" && len(files) > 0 {
		p = path.Base(strings.ReplaceAll(files[0].OriginalName, "\\", "/"))
	}
	if strings.TrimSpace(p) == "" && !r.IsNew() {
		p = r.Original().GetString(schema.AttachmentPath)
	}
	normalized, err := pagepath.Normalize(p)
	if err != nil {
		msg := strings.Replace(err.Error(), "Page path", "The file path", 1)
		return fieldError(schema.AttachmentPath, "validation_invalid_path", msg)
	}
	r.Set(schema.AttachmentPath, normalized)

	locale := strings.ToLower(strings.TrimSpace(r.GetString(schema.AttachmentLocale)))
	s := schema.AsSpace(space)
	locales := append([]string{s.SourceLocale()}, s.Locales()...)
	if locale != "" && !slices.Contains(locales, locale) {
		return fieldError(schema.AttachmentLocale, "validation_unknown_locale",
			fmt.Sprintf("The locale %q is not one of the space's locales (%s); leave it empty for a file every locale shares.", locale, strings.Join(locales, ", ")))
	}
	r.Set(schema.AttachmentLocale, locale)
	return nil
}

// inspectFile checks a newly uploaded file and records what its bytes say; without a new file
// it keeps the stored size, mime and sha256 whatever the client sent.
func (s *service) inspectFile(app core.App, r *core.Record, files []*filesystem.File) error {
	if len(files) == 0 {
		if r.IsNew() || r.GetString(schema.AttachmentFile) == "" {
			return fieldError(schema.AttachmentFile, "validation_file_missing", `Choose a file to upload (the multipart field "file").`)
		}
		for _, f := range []string{schema.AttachmentSize, schema.AttachmentMime, schema.AttachmentSHA256} {
			r.Set(f, r.Original().Get(f))
		}
		return nil
	}
	if len(files) > 1 {
		return fieldError(schema.AttachmentFile, "validation_too_many_files", "Upload one file per attachment.")
	}
	info, err := inspect(files[0], s.cfg.MaxSize)
	if err != nil {
		app.Logger().Error("Failed to read an uploaded file", "error", err)
		return fieldError(schema.AttachmentFile, "validation_file_unreadable", "The file could not be read; upload it again.")
	}
	switch {
	case info.size > s.cfg.MaxSize:
		return fieldError(schema.AttachmentFile, "validation_file_too_large",
			fmt.Sprintf("The file is larger than %s, the most a file may be; make it smaller.", humanBytes(s.cfg.MaxSize)))
	case info.size == 0:
		return fieldError(schema.AttachmentFile, "validation_file_empty", "The file is empty.")
	case !s.cfg.allows(info.mime):
		return fieldError(schema.AttachmentFile, "validation_file_type",
			fmt.Sprintf("Files of type %s are not accepted here; accepted: %s.", info.mime, strings.Join(s.cfg.Types, ", ")))
	}
	if err := s.checkQuota(app, r, info.size); err != nil {
		return err
	}
	r.Set(schema.AttachmentSize, info.size)
	r.Set(schema.AttachmentMime, info.mime)
	r.Set(schema.AttachmentSHA256, info.sha256)
	return nil
}

// checkQuota refuses (413) a file that would take the space past its quota.
func (s *service) checkQuota(app core.App, r *core.Record, size int64) error {
	if s.cfg.SpaceQuota <= 0 {
		return nil
	}
	var used int64
	err := app.DB().Select("COALESCE(SUM(" + schema.AttachmentSize + "), 0)").From(schema.CollectionAttachments).
		Where(dbx.HashExp{schema.AttachmentSpace: r.GetString(schema.AttachmentSpace)}).
		AndWhere(dbx.Not(dbx.HashExp{"id": r.Id})).Row(&used)
	if err != nil {
		return err
	}
	if used+size > s.cfg.SpaceQuota {
		msg := fmt.Sprintf("The space's files would take %s, more than its quota of %s; delete files it no longer needs.",
			humanBytes(used+size), humanBytes(s.cfg.SpaceQuota))
		return router.NewApiError(http.StatusRequestEntityTooLarge, msg,
			validation.Errors{schema.AttachmentFile: validation.NewError("validation_space_quota", msg)})
	}
	return nil
}

// fileInfo is what the bytes of an upload say about it.
type fileInfo struct {
	size   int64
	mime   string
	sha256 string
}

// sniffLen is how much of the file mimetype reads to recognize it.
const sniffLen = 3072

// inspect reads f once: the first bytes for the media type, all of it for the hash, stopping
// one byte past limit.
func inspect(f *filesystem.File, limit int64) (fileInfo, error) {
	rc, err := f.Reader.Open()
	if err != nil {
		return fileInfo{}, err
	}
	defer rc.Close()
	h := sha256.New()
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(rc, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return fileInfo{}, err
	}
	head = head[:n]
	h.Write(head)
	rest, err := io.Copy(h, io.LimitReader(rc, limit+1-int64(n)))
	if err != nil {
		return fileInfo{}, err
	}
	mime, _, _ := strings.Cut(mimetype.Detect(head).String(), ";")
	return fileInfo{size: int64(n) + rest, mime: strings.TrimSpace(mime), sha256: hex.EncodeToString(h.Sum(nil))}, nil
}

func fieldError(field, code, msg string) error {
	return validation.Errors{field: validation.NewError(code, msg)}
}

// humanBytes writes n as "5 MB", "300 KB" or "12 bytes".
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
