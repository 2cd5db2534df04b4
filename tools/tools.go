//go:build tools

// Package tools pins the binaries Folio's replication tests run beside Folio: versitygw, a real
// S3-compatible server with a POSIX backend. They are built from this module into bin/ and never
// linked into the folio binary.
package tools

import (
	_ "github.com/versity/versitygw/cmd/versitygw"
)
