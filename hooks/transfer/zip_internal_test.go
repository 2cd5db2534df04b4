package transfer

import (
	"io/fs"
)

// OpenZip and MaxZipEntry let the external tests read zips the way the import route does.
var OpenZip = openZip

const MaxZipEntry = maxZipEntry

// ZipErr is the limit an opened zip hit while it was read.
func ZipErr(fsys fs.FS) error { return fsys.(*boundedZip).Err() }
