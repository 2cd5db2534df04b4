package pages

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// pageContent is what a revision keeps of a page: the fields whose change makes a new revision.
type pageContent struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Body        string   `json:"body"`
	Tags        []string `json:"tags"`
}

// contentOfPage reads the content fields of a pages record.
func contentOfPage(r *core.Record) pageContent {
	return pageContent{
		Title:       r.GetString(schema.PageTitle),
		Description: r.GetString(schema.PageDescription),
		Body:        r.GetString(schema.PageBody),
		Tags:        storedTags(r, schema.PageTags),
	}
}

// contentOfRevision reads the content fields of a revisions record.
func contentOfRevision(r *core.Record) pageContent {
	return pageContent{
		Title:       r.GetString(schema.RevisionTitle),
		Description: r.GetString(schema.RevisionDescription),
		Body:        r.GetString(schema.RevisionBody),
		Tags:        storedTags(r, schema.RevisionTags),
	}
}

// setOn writes c into the content fields of a pages record.
func (c pageContent) setOn(r *core.Record) {
	r.Set(schema.PageTitle, c.Title)
	r.Set(schema.PageDescription, c.Description)
	r.Set(schema.PageBody, c.Body)
	r.Set(schema.PageTags, nonNil(c.Tags))
}

func (c pageContent) equal(o pageContent) bool {
	return c.Title == o.Title && c.Description == o.Description && c.Body == o.Body && slices.Equal(c.Tags, o.Tags)
}

// hash is the hex SHA-256 of the content, each field length-prefixed so that no two different
// contents share an encoding. The translations concern compares it across revisions.
func (c pageContent) hash() string {
	h := sha256.New()
	write := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	write(c.Title)
	write(c.Description)
	write(c.Body)
	for _, t := range c.Tags {
		write(t)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// storedTags reads a tags JSON field already normalized by the hooks; anything that is not a
// string is skipped rather than trusted.
func storedTags(r *core.Record, field string) []string {
	var raw []any
	if err := json.Unmarshal([]byte(r.GetString(field)), &raw); err != nil {
		return []string{}
	}
	tags := make([]string, 0, len(raw))
	for _, v := range raw {
		if s, ok := v.(string); ok {
			tags = append(tags, s)
		}
	}
	return tags
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
