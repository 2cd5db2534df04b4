package faults

import (
	"errors"
	"net/http"
	"syscall"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// RetryMessage is the answer to a request that met a server fault.
const RetryMessage = "The server cannot save or read data right now (its storage is full or failing). " +
	"Nothing you sent was wrong: keep your changes and try again in a few minutes."

// retryAfter is the Retry-After header of that answer, in seconds.
const retryAfter = "60"

// onRequestFault runs around every request and turns an error caused by a server fault into a
// 503 with RetryMessage; the cause stays in the error for the log. Other errors pass unchanged.
func onRequestFault(e *core.RequestEvent) error {
	err := e.Next()
	if err == nil || !IsServerFault(err) {
		return err
	}
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusServiceUnavailable {
		return err
	}
	if !e.Written() {
		e.Response.Header().Set("Retry-After", retryAfter)
	}
	return router.NewApiError(http.StatusServiceUnavailable, RetryMessage, err)
}

// IsServerFault reports whether err was caused by the server's storage or resources rather than
// by the request: SQLite's full, I/O, busy, locked, read-only, out-of-memory and cannot-open
// results, and the file system's no-space, quota, read-only and I/O errors. It looks through
// wrapped and joined errors, dbx's error lists, PocketBase's API errors and field errors.
func IsServerFault(err error) bool {
	if err == nil {
		return false
	}
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		if raw, ok := apiErr.RawData().(error); ok && IsServerFault(raw) {
			return true
		}
	}
	var fields validation.Errors
	if errors.As(err, &fields) {
		for _, fe := range fields {
			if IsServerFault(fe) {
				return true
			}
		}
	}
	var many dbx.Errors // a transaction's error with its rollback's, which has no Unwrap
	if errors.As(err, &many) {
		for _, one := range many {
			if IsServerFault(one) {
				return true
			}
		}
	}
	var sqlErr *sqlite.Error
	if errors.As(err, &sqlErr) {
		switch sqlErr.Code() & 0xff {
		case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED,
			sqlite3.SQLITE_READONLY, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_CANTOPEN:
			return true
		}
	}
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EIO, syscall.EROFS} {
		if errors.Is(err, errno) {
			return true
		}
	}
	return false
}
