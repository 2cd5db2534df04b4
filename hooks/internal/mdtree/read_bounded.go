package mdtree

import (
	"errors"
	"io"
	"io/fs"
)

// errTooLarge is a file that holds more than readBounded was allowed to read.
var errTooLarge = errors.New("file too large")

// readBounded reads a whole file but never more than limit+1 bytes of it, whatever size the
// file claims: a size in a zip header can lie (or read −1), what is read cannot.
func readBounded(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	return data, nil
}
