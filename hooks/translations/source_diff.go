package translations

import (
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/revdiff"
	"folio/hooks/schema"
)

// content is the part of a page or revision a diff compares.
type content = revdiff.Content

// sourceDiffs diffs one source against several source revisions, each once.
type sourceDiffs struct {
	app    core.App
	source *pageRow
	head   *content
	done   map[int]*revdiff.Diff
}

func newSourceDiffs(app core.App, source *pageRow) *sourceDiffs {
	return &sourceDiffs{app: app, source: source, done: map[int]*revdiff.Diff{}}
}

// since returns the source's diff from revision n to its head, in the shape of the pages
// concern's diff route. From is 0 (an empty page) when n names no revision of the source.
func (s *sourceDiffs) since(n int) (*revdiff.Diff, error) {
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
	d := revdiff.Compare(from, *s.head, n, s.source.Revision)
	s.done[n] = &d
	return &d, nil
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
