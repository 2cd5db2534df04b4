package schema

import "github.com/pocketbase/pocketbase/core"

// Names of the revisions collection and its fields. A revision is an immutable snapshot of a
// page's content, numbered from 1 without gaps.
const (
	CollectionRevisions = "revisions"

	RevisionPage        = "page"
	RevisionNumber      = "number"
	RevisionTitle       = "title"
	RevisionDescription = "description"
	RevisionBody        = "body"
	RevisionTags        = "tags"
	RevisionEditor      = "editor"
	RevisionSummary     = "summary"
	RevisionMinor       = "minor"
	RevisionHash        = "hash"
	RevisionCreated     = "created"
)

// Revision is a typed proxy over a revisions record.
type Revision struct {
	core.BaseRecordProxy
}

// AsRevision wraps an existing revisions record.
func AsRevision(r *core.Record) *Revision {
	v := &Revision{}
	v.SetProxyRecord(r)
	return v
}

// Page returns the id of the page the revision belongs to.
func (v *Revision) Page() string { return v.GetString(RevisionPage) }

// Number returns the revision's number, 1 for a page's first.
func (v *Revision) Number() int { return v.GetInt(RevisionNumber) }

// Title returns the page title at this revision.
func (v *Revision) Title() string { return v.GetString(RevisionTitle) }

// Description returns the page description at this revision.
func (v *Revision) Description() string { return v.GetString(RevisionDescription) }

// Body returns the page markdown at this revision.
func (v *Revision) Body() string { return v.GetString(RevisionBody) }

// Tags returns the page tags at this revision.
func (v *Revision) Tags() []string { return v.GetStringSlice(RevisionTags) }

// Minor reports whether the editor marked the change as minor (typo fixes: translations of
// the page do not become outdated).
func (v *Revision) Minor() bool { return v.GetBool(RevisionMinor) }

// Hash returns the hex SHA-256 of the revision's content.
func (v *Revision) Hash() string { return v.GetString(RevisionHash) }
