package pages

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// Request body keys that are not page fields. PocketBase's record form ignores unknown keys, so
// they reach the hooks only through the request info.
const (
	bodyBaseRevision = "base_revision"
	bodySummary      = "summary"
	bodyMinor        = "minor"
)

const maxSummaryLength = 500

// readRequestNote reads the request info and the revision note of a page write request; the
// error is the 400 to answer.
func readRequestNote(e *core.RequestEvent) (*core.RequestInfo, revisionNote, error) {
	info, err := e.RequestInfo()
	if err != nil {
		return nil, revisionNote{}, e.BadRequestError("", err)
	}
	note, err := readNote(info.Body)
	if err != nil {
		return nil, revisionNote{}, e.BadRequestError("Invalid revision summary or minor flag.", err)
	}
	return info, note, nil
}

// readNote reads the optional summary and minor flag of a revision from a request body.
func readNote(body map[string]any) (revisionNote, error) {
	var n revisionNote
	if v, ok := body[bodySummary]; ok && v != nil {
		s, ok := v.(string)
		if !ok {
			return n, validation.Errors{bodySummary: validation.NewError("validation_invalid_summary", "summary must be text.")}
		}
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) > maxSummaryLength {
			return n, validation.Errors{bodySummary: validation.NewError("validation_summary_too_long",
				fmt.Sprintf("summary must be at most %d characters.", maxSummaryLength))}
		}
		n.Summary = s
	}
	if v, ok := body[bodyMinor]; ok && v != nil {
		b, ok := asBool(v)
		if !ok {
			return n, validation.Errors{bodyMinor: validation.NewError("validation_invalid_minor", "minor must be true or false.")}
		}
		n.Minor = b
	}
	return n, nil
}

// readRevisionNumber reads a revision number from a request body: a JSON number, or a numeric
// string as multipart forms send it. ok is false when the key is absent or empty.
func readRevisionNumber(body map[string]any, key string) (n int, ok bool, err error) {
	v, present := body[key]
	if !present || v == nil || v == "" {
		return 0, false, nil
	}
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case string:
		if _, err := fmt.Sscanf(strings.TrimSpace(x), "%g", &f); err != nil {
			return 0, false, invalidRevisionNumber(key)
		}
	default:
		return 0, false, invalidRevisionNumber(key)
	}
	if f != math.Trunc(f) || f < 1 || f > math.MaxInt32 {
		return 0, false, invalidRevisionNumber(key)
	}
	return int(f), true, nil
}

func invalidRevisionNumber(key string) error {
	return validation.Errors{key: validation.NewError("validation_invalid_revision", key+" must be a revision number (1, 2, 3…).")}
}

func asBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch x {
		case "true", "1":
			return true, true
		case "false", "0", "":
			return false, true
		}
	}
	return false, false
}

// isUser reports whether the request is made by a Folio user (not a superuser, not a guest).
func isUser(e *core.RequestEvent) bool {
	return e.Auth != nil && e.Auth.Collection().Name == schema.CollectionUsers
}
