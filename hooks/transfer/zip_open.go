package transfer

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"
)

// Limits on an uploaded zip. The upload itself is bounded by the route's body limit; these
// bound what it unpacks to, so a small zip bomb cannot make the server read gigabytes. Declared
// sizes are checked one by one before they are added (so the sum cannot wrap), and what is
// really inflated is counted as it is read: a reader stops at the limit whatever the headers say.
const (
	maxZipEntries      = 20_000
	maxZipUncompressed = 512 << 20
	// maxZipEntry bounds one entry; a page is far smaller (mdtree reads at most 8 MB of one).
	maxZipEntry = 64 << 20
)

// Answers to a zip that turns out, while it is read, to be other than its headers declare.
var (
	errZipTooLarge = fmt.Errorf("the zip unpacks to more than %d MB (or %d MB in one entry); split the tree into smaller uploads", maxZipUncompressed>>20, maxZipEntry>>20)
	errZipDamaged  = errors.New("an entry of the zip does not unpack to what its header declares (the zip is damaged); zip the tree again")
)

// openZip checks an uploaded zip and returns it as a file system for Import. It refuses the
// whole archive — before anything is imported — when an entry name is absolute, climbs out
// with "..", uses backslashes, or is a symbolic link, and when the archive holds too many
// entries or declares too much. The file system it returns counts what it inflates; once an
// entry inflates past its declared size or the total past maxZipUncompressed, every read fails
// and Import refuses the tree.
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
		// Each size is bounded before it is added: 20,000 entries of at most 64 MB cannot wrap.
		if f.UncompressedSize64 > maxZipEntry {
			return nil, fmt.Errorf("the zip entry %q declares %d bytes; entries larger than %d MB are not imported", f.Name, f.UncompressedSize64, maxZipEntry>>20)
		}
		total += f.UncompressedSize64
		if total > maxZipUncompressed {
			return nil, fmt.Errorf("the zip unpacks to more than %d MB; split the tree into smaller uploads", maxZipUncompressed>>20)
		}
	}
	return &boundedZip{zr: zr, left: maxZipUncompressed}, nil
}

// boundedZip is a zip's file system that counts the bytes its files inflate.
type boundedZip struct {
	zr *zip.Reader

	mu   sync.Mutex
	left int64 // bytes that may still be inflated
	err  error // set once a limit was hit
}

// Open opens a file of the zip; reading it counts against the zip's limits.
func (z *boundedZip) Open(name string) (fs.File, error) {
	f, err := z.zr.Open(name)
	if err != nil {
		return nil, err
	}
	return &boundedFile{File: f, zip: z}, nil
}

// ReadDir lists a folder of the zip (fs.WalkDir uses it).
func (z *boundedZip) ReadDir(name string) ([]fs.DirEntry, error) {
	return fs.ReadDir(z.zr, name)
}

// Err is the limit the zip hit while it was read, or nil.
func (z *boundedZip) Err() error {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.err
}

// take counts n inflated bytes and reports whether they were within the limits.
func (z *boundedZip) take(n int) bool {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.err != nil {
		return false
	}
	z.left -= int64(n)
	if z.left < 0 {
		z.err = errZipTooLarge
		return false
	}
	return true
}

func (z *boundedZip) fail(err error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.err == nil {
		z.err = err
	}
}

// boundedFile is one file of a boundedZip.
type boundedFile struct {
	fs.File
	zip  *boundedZip
	read int64
}

// Read inflates at most up to the file's and the zip's limits. Go's zip reader itself refuses
// an entry that inflates past its declared size (zip.ErrFormat); such a lie fails the whole zip.
func (f *boundedFile) Read(p []byte) (int, error) {
	if err := f.zip.Err(); err != nil {
		return 0, err
	}
	if left := maxZipEntry - f.read; int64(len(p)) > left+1 {
		p = p[:left+1]
	}
	n, err := f.File.Read(p)
	f.read += int64(n)
	if f.read > maxZipEntry || !f.zip.take(n) {
		f.zip.fail(errZipTooLarge)
		return 0, errZipTooLarge
	}
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) {
		f.zip.fail(errZipDamaged)
	}
	return n, err
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
