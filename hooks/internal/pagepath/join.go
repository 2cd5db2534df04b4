package pagepath

import (
	"errors"
	"strings"
)

// ErrAboveRoot reports a relative path whose ".." segments climb above the
// top of the space, where no page can be.
var ErrAboveRoot = errors.New(`Relative path goes above the top of the space; remove a "../".`)

// Dir returns the directory of normalized page path p: everything before its
// last segment, or "" for a page at the top of the space. Relative links are
// resolved against it, as a browser resolves them against the page's URL.
func Dir(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return ""
	}
	return p[:i]
}

// Join resolves rel against the directory dir ("" is the top of the space)
// and returns the normalized result. "." segments in rel are dropped and ".."
// segments remove one segment of the result; a rel starting with "/" starts
// from the top of the space instead of dir.
//
// Join is where dot segments are allowed: Normalize rejects them because a
// stored path must not contain them, but links are written with them.
func Join(dir, rel string) (string, error) {
	var segments []string
	if !strings.HasPrefix(rel, "/") && dir != "" {
		segments = strings.Split(dir, "/")
	}
	for _, seg := range strings.Split(rel, "/") {
		switch strings.TrimSpace(seg) {
		case "", ".":
			continue
		case "..":
			if len(segments) == 0 {
				return "", ErrAboveRoot
			}
			segments = segments[:len(segments)-1]
		default:
			segments = append(segments, seg)
		}
	}
	return Normalize(strings.Join(segments, "/"))
}
