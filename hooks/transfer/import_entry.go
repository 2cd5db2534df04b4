package transfer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"folio/hooks/internal/frontmatter"
	"folio/hooks/internal/mdtree"
	"folio/hooks/internal/pagepath"
	"folio/hooks/schema"
)

// pageData is what one file says a page is: its address, its content and its dates.
type pageData struct {
	Locale      string
	Path        string
	Title       string
	Description string
	Body        string
	Tags        []string
	Status      string
	Extra       []byte    // a JSON object, keys in the order the file writes them
	Created     time.Time // zero: the file gives no date
	Updated     time.Time
	Nav         navMeaning // publish window, order, menu title, rendering, aliases (meaning_nav.go)
}

// dateKeys name the front matter keys that carry a page's dates in each format: Wiki.js writes
// dateCreated and date (last update); Hugo writes date (publication) and lastmod.
var dateKeys = map[mdtree.Format]struct{ created, updated string }{
	mdtree.FormatWikiJS: {"dateCreated", "date"},
	mdtree.FormatHugo:   {"date", "lastmod"},
}

// contentKeys are the keys that map to page fields in every format. Everything else — Wiki.js's
// editor, Hugo's status, category or menu — is kept in the page's extra field.
var contentKeys = []string{"title", "description", "tags", "published", "draft"}

// pageDataOf reads one tree entry. It refuses what the pages concern would refuse with a less
// specific message (a path that cannot be normalized, a date that is not a date), so the
// reason names the file's own key.
func pageDataOf(e mdtree.Entry, format mdtree.Format) (pageData, error) {
	path, err := pagepath.Normalize(e.Path)
	if err != nil {
		return pageData{}, fmt.Errorf("its page path %q is not valid: %v", e.Path, err)
	}
	doc := e.Doc
	keys := dateKeys[format]
	created, err := dateOf(doc, keys.created)
	if err != nil {
		return pageData{}, err
	}
	updated, err := dateOf(doc, keys.updated)
	if err != nil {
		return pageData{}, err
	}
	if created.IsZero() {
		created = updated
	} else if updated.IsZero() {
		updated = created
	}
	extra, err := extraJSON(doc, append([]string{keys.created, keys.updated}, contentKeys...))
	if err != nil {
		return pageData{}, err
	}
	nav, err := navMeaningOf(doc)
	if err != nil {
		return pageData{}, err
	}
	status := statusOf(doc)
	if nav.Draft {
		status = schema.PageDraft
	}
	return pageData{
		Nav:         nav,
		Locale:      e.Locale,
		Path:        path,
		Title:       titleOf(doc, path),
		Description: doc.Description(),
		Body:        doc.Body,
		Tags:        tagsOf(doc),
		Status:      status,
		Extra:       extra,
		Created:     created,
		Updated:     updated,
	}, nil
}

// titleOf falls back to the last segment of the page path: a page needs a title, and a file
// without one (a bare markdown note) is still a page worth importing.
func titleOf(doc frontmatter.Document, path string) string {
	if t := doc.Title(); t != "" {
		return t
	}
	return path[strings.LastIndexByte(path, '/')+1:]
}

// tagsOf returns the tags NFC-normalized, as the pages concern stores them, so that comparing
// a file with its stored page does not see a change where there is none.
func tagsOf(doc frontmatter.Document) []string {
	tags := []string{}
	for _, t := range doc.Tags() {
		t = norm.NFC.String(t)
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags
}

// statusOf reads published (or Hugo's draft). A file that says neither is published: Wiki.js
// always writes the key, and Hugo publishes every page that is not marked draft.
func statusOf(doc frontmatter.Document) string {
	if published, ok := doc.Published(); ok && !published {
		return schema.PageDraft
	}
	return schema.PagePublished
}

// dateOf reads a date key; a key that is present but not a date refuses the file, because
// importing it would silently replace the author's date with the time of the import.
func dateOf(doc frontmatter.Document, key string) (time.Time, error) {
	raw := strings.TrimSpace(doc.String(key))
	if raw == "" {
		return time.Time{}, nil
	}
	t, ok := doc.Date(key)
	if !ok {
		return time.Time{}, fmt.Errorf("its %s %q is not a date; write it as 2024-03-05T09:12:30Z or 2024-03-05", key, raw)
	}
	// Stored dates keep milliseconds; truncating here keeps comparisons with them exact.
	t = t.UTC().Truncate(time.Millisecond)
	// A page's dates are stored and exported in UTC with a four-digit year, and the first
	// instant of year 1 is the zero time, which means "no date" here: a time zone can carry
	// 0000-01-01T00:00:00+01:00 into year -1, which no export could write back.
	if t.IsZero() || t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, fmt.Errorf("its %s %q is out of range: dates run from the year 1 to 9999 in UTC; write it as 2024-03-05T09:12:30Z or 2024-03-05", key, raw)
	}
	return t, nil
}

// extraJSON writes every key not in known as a JSON object, in the file's key order, so the
// page's extra field reads like the file in the dashboard.
func extraJSON(doc frontmatter.Document, known []string) ([]byte, error) {
	values := doc.Extra(known...)
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	for _, k := range doc.Keys() {
		v, ok := values[k]
		if !ok {
			continue
		}
		key, _ := json.Marshal(k)
		val, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("its front matter key %q has a value that cannot be kept: %v", k, err)
		}
		if n > 0 {
			b.WriteByte(',')
		}
		b.Write(key)
		b.WriteByte(':')
		b.Write(val)
		n++
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
