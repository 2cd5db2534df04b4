package translations

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/textmerge"
	"folio/hooks/schema"
)

// sourceDiff is what changed in a group's source between the revision a translation was made
// from and the source's head, in the shape of the pages concern's diff route: title and
// description side by side, tags added and removed, the body as a unified diff and hunks. From
// is 0 (an empty page) when source_revision names no revision of the source.
type sourceDiff struct {
	From        int                  `json:"from"`
	To          int                  `json:"to"`
	Title       valueChange          `json:"title"`
	Description valueChange          `json:"description"`
	Tags        tagsChange           `json:"tags"`
	Body        textmerge.DiffResult `json:"body"`
}

type valueChange struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Changed bool   `json:"changed"`
}

type tagsChange struct {
	From    []string `json:"from"`
	To      []string `json:"to"`
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
}

// content is the part of a page or revision a diff compares.
type content struct {
	Title, Description, Body string
	Tags                     []string
}

// sourceDiffs diffs one source against several source revisions, each once.
type sourceDiffs struct {
	app    core.App
	source *pageRow
	head   *content
	done   map[int]*sourceDiff
}

func newSourceDiffs(app core.App, source *pageRow) *sourceDiffs {
	return &sourceDiffs{app: app, source: source, done: map[int]*sourceDiff{}}
}

// since returns the source's diff from revision n to its head.
func (s *sourceDiffs) since(n int) (*sourceDiff, error) {
	if n < 1 || n > s.source.Revision {
		n = 0
	}
	if d, ok := s.done[n]; ok {
		return d, nil
	}
	if s.head == nil {
		head, err := s.revision(s.source.Revision)
		if err != nil {
			return nil, err
		}
		s.head = &head
	}
	var from content
	if n > 0 {
		var err error
		if from, err = s.revision(n); err != nil {
			return nil, err
		}
	}
	d := diffContent(from, *s.head, n, s.source.Revision)
	s.done[n] = d
	return d, nil
}

// revision loads revision n of the source; a gap in the history (which the pages concern never
// makes) diffs against an empty page rather than failing the report.
func (s *sourceDiffs) revision(n int) (content, error) {
	rev := &core.Record{}
	err := s.app.RecordQuery(schema.CollectionRevisions).
		AndWhere(dbx.HashExp{schema.RevisionPage: s.source.Id, schema.RevisionNumber: n}).Limit(1).One(rev)
	if errors.Is(err, sql.ErrNoRows) {
		return content{}, nil
	}
	if err != nil {
		return content{}, err
	}
	return content{
		Title:       rev.GetString(schema.RevisionTitle),
		Description: rev.GetString(schema.RevisionDescription),
		Body:        rev.GetString(schema.RevisionBody),
		Tags:        jsonStrings(rev.GetString(schema.RevisionTags)),
	}, nil
}

func diffContent(a, b content, from, to int) *sourceDiff {
	return &sourceDiff{
		From:        from,
		To:          to,
		Title:       valueChange{a.Title, b.Title, a.Title != b.Title},
		Description: valueChange{a.Description, b.Description, a.Description != b.Description},
		Tags:        diffTags(a.Tags, b.Tags),
		Body: textmerge.Diff(a.Body, b.Body, textmerge.DiffOptions{
			FromName: fmt.Sprintf("revision %d", from), ToName: fmt.Sprintf("revision %d", to)}),
	}
}

func diffTags(from, to []string) tagsChange {
	c := tagsChange{From: from, To: to, Added: []string{}, Removed: []string{}}
	for _, t := range to {
		if !slices.Contains(from, t) {
			c.Added = append(c.Added, t)
		}
	}
	for _, t := range from {
		if !slices.Contains(to, t) {
			c.Removed = append(c.Removed, t)
		}
	}
	return c
}

// jsonStrings reads a JSON list of strings, skipping anything else; never nil.
func jsonStrings(raw string) []string {
	var items []any
	_ = json.Unmarshal([]byte(raw), &items)
	out := []string{}
	for _, v := range items {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
