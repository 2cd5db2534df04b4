// Package pagepath normalizes the path of a page inside a space and locale.
//
// A page path is the part of a page's URL after the locale, such as
// "Knowledge-base/Dictionary/backend-programming". Folio keeps pages unique by
// (space, locale, normalized path), so every write and every link lookup must
// agree on one spelling of a path; Normalize is that spelling.
package pagepath

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest normalized path Normalize accepts, in bytes. Bytes
// rather than characters because that is what indexes and URLs pay for; a
// Korean or Chinese character costs three of them.
const MaxLen = 512

// The error texts are full sentences because they reach frontend developers
// unchanged, as the message of a 400 response.
var (
	// ErrEmpty reports a path with nothing in it but spaces and slashes.
	ErrEmpty = errors.New("Page path cannot be empty.")

	// ErrInvalidUTF8 reports bytes that are not UTF-8 text.
	ErrInvalidUTF8 = errors.New("Page path must be valid UTF-8 text.")

	// ErrBackslash reports a "\" anywhere in the path. Browsers treat it as
	// "/" in URLs, so allowing it would make two spellings of one page.
	ErrBackslash = errors.New(`Page path cannot contain "\"; use "/" to separate segments.`)

	// ErrControlChar reports tabs, line breaks, other control characters and
	// bidirectional overrides, which render invisibly or reorder the text a
	// reader sees.
	ErrControlChar = errors.New("Page path cannot contain control characters such as tabs or line breaks.")

	// ErrQueryOrFragment reports "?" or "#", which would end the path part
	// of any URL built from it.
	ErrQueryOrFragment = errors.New(`Page path cannot contain "?" or "#" because they end the path in a URL.`)

	// ErrDotSegment reports a segment that is exactly "." or "..", which URL
	// resolution would silently remove or climb out of.
	ErrDotSegment = errors.New(`Path segments cannot be "." or "..".`)

	// ErrTooLong reports a normalized path longer than MaxLen bytes.
	ErrTooLong = errors.New("Page path cannot be longer than 512 bytes (letters outside Latin take 2 to 4 bytes each).")
)

// maxInput bounds the work done on hostile input before the real length
// check: no path that shrinks below MaxLen by collapsing slashes and spaces
// needs more than this.
const maxInput = 64 * 1024

// Normalize returns the canonical form of page path p, or an error whose
// message can be shown to the person who typed it.
//
// The canonical form is NFC-normalized, has no leading, trailing or repeated
// "/", and no spaces around segments. Letters of any script, spaces inside
// segments, dots, colons and "%" are kept as they are: "%" is not decoded
// because a path is text, not a URL.
func Normalize(p string) (string, error) {
	if len(p) > maxInput {
		return "", ErrTooLong
	}
	if !utf8.ValidString(p) {
		return "", ErrInvalidUTF8
	}
	s := norm.NFC.String(strings.TrimSpace(p))
	if err := checkChars(s); err != nil {
		return "", err
	}

	segments := make([]string, 0, strings.Count(s, "/")+1)
	for _, seg := range strings.Split(s, "/") {
		seg = strings.TrimSpace(seg)
		switch seg {
		case "":
			continue
		case ".", "..":
			return "", ErrDotSegment
		}
		segments = append(segments, seg)
	}
	if len(segments) == 0 {
		return "", ErrEmpty
	}

	out := strings.Join(segments, "/")
	if len(out) > MaxLen {
		return "", ErrTooLong
	}
	return out, nil
}

// checkChars rejects the characters no segment may hold, before splitting,
// so that a line break next to a "/" is an error rather than trimmed away.
func checkChars(s string) error {
	for _, r := range s {
		switch {
		case r == '\\':
			return ErrBackslash
		case r == '?' || r == '#':
			return ErrQueryOrFragment
		case unicode.IsControl(r) || isBidiControl(r):
			return ErrControlChar
		}
	}
	return nil
}

// isBidiControl reports the embedding, override and isolate controls that
// can make a path display in a different order than it resolves.
func isBidiControl(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}
