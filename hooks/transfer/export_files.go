package transfer

import (
	"fmt"
	"io"
	"os"
	"path"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// exportFiles writes every attachment of space under dir, byte for byte: a shared file at its
// path, a locale's own file under the locale's folder ("fa/docs/img/a.png"), which is where an
// import reads each back from. os.Root keeps every write inside dir.
func exportFiles(app core.App, space *core.Record, dir string) (int, error) {
	records, err := app.FindAllRecords(schema.CollectionAttachments, dbx.HashExp{schema.AttachmentSpace: space.Id})
	if err != nil || len(records) == 0 {
		return 0, err
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return 0, err
	}
	defer fsys.Close()
	root, err := os.OpenRoot(dir)
	if err != nil {
		return 0, fmt.Errorf("cannot open the export folder: %w", err)
	}
	defer root.Close()
	for _, r := range records {
		a := schema.AsAttachment(r)
		name := a.Path()
		if a.Locale() != "" {
			name = a.Locale() + "/" + name
		}
		if err := copyFile(fsys.GetReader, r.BaseFilesPath()+"/"+a.FileName(), root, name); err != nil {
			return 0, &ExportError{Reason: fmt.Sprintf("file %s cannot be written: %v", name, err)}
		}
	}
	return len(records), nil
}

// copyFile copies the stored file key to name inside root.
func copyFile[R io.ReadCloser](open func(string) (R, error), key string, root *os.Root, name string) error {
	src, err := open(key)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := root.MkdirAll(path.Dir(name), 0o755); err != nil {
		return err
	}
	dst, err := root.Create(name)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
