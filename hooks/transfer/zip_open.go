package transfer

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// Limits on an uploaded zip. The upload itself is bounded by the route's body limit; these
// bound what it unpacks to, so a small zip bomb cannot make the server read gigabytes. Go's
// zip reader refuses an entry that inflates past its declared size, so summing the declared
// sizes is a real bound.
const (
	maxZipEntries      = 20_000
	maxZipUncompressed = 512 << 20
)

// openZip checks an uploaded zip and returns it as a file system for Import. It refuses the
// whole archive — before anything is imported — when an entry name is absolute, climbs out
// with "..", uses backslashes, or is a symbolic link, and when the archive holds too many
// entries or unpacks to too much.
func openZip(r io.ReaderAt, size int64) (fs.FS, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, errors.New("the upload is not a zip archive; zip the folder that holds the pages and upload that")
	}
	if len(zr.File) > maxZipEntries {
		return nil, fmt.Errorf("the zip holds %d entries; at most %d are accepted, so split the tree", len(zr.File), maxZipEntries)
	}
	var total uint64
	for _, f := range zr.File {
		if err := checkZipName(f.Name); err != nil {
			return nil, err
		}
		if f.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("the zip entry %q is a symbolic link; links are not imported, so zip the file itself", f.Name)
		}
		total += f.UncompressedSize64
		if total > maxZipUncompressed {
			return nil, fmt.Errorf("the zip unpacks to more than %d MB; split the tree into smaller uploads", maxZipUncompressed>>20)
		}
	}
	return zr, nil
}

// checkZipName refuses entry names that would point outside the tree if unpacked.
func checkZipName(name string) error {
	bad := strings.HasPrefix(name, "/") || strings.ContainsRune(name, '\\') ||
		(len(name) > 1 && name[1] == ':') // a Windows drive, "C:..."
	for _, seg := range strings.Split(name, "/") {
		bad = bad || seg == ".."
	}
	if bad {
		return fmt.Errorf("the zip entry %q points outside the archive (an absolute path, \"..\" or a backslash); zip the tree again from its own folder", name)
	}
	return nil
}
