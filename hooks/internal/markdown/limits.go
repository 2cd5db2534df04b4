package markdown

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

// Default size limits, in characters. A knowledge-base page is a few thousand characters; the
// longest page of the trees Folio is tested with (cncf-glossary, docsy-example, a Wiki.js
// export) is 26 KB. 200,000 characters — some 30,000 words, a long book chapter — is far past
// any page worth reading in one piece, and keeps the costliest hostile body under a second to
// render. A comment is a remark on a page, not a page.
const (
	DefaultMaxBody    = 200_000
	DefaultMaxComment = 10_000
)

// Environment variables that change the limits (positive integers, characters). The pages
// collection's body field holds at most 1,048,576 characters whatever they say.
const (
	EnvMaxBody    = "FOLIO_MAX_BODY"
	EnvMaxComment = "FOLIO_MAX_COMMENT"
)

// Limits are the largest page body and comment Folio renders, read once from the environment.
var Limits = sync.OnceValue(func() struct{ Body, Comment int } {
	return struct{ Body, Comment int }{envInt(EnvMaxBody, DefaultMaxBody), envInt(EnvMaxComment, DefaultMaxComment)}
})

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// CheckLength returns an error saying how long src may be when it holds more than max
// characters. It counts without decoding more than max+1 characters, so it is cheap whatever
// the input; callers check before any markdown work.
func CheckLength(src string, max int) error {
	if len(src) <= max {
		return nil // a character is at least one byte
	}
	n := 0
	for range src {
		n++
		if n > max {
			return fmt.Errorf("is longer than %d characters; split it", max)
		}
	}
	return nil
}
