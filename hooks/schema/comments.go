package schema

import "github.com/pocketbase/pocketbase/core"

// Names of the comments collection and its fields.
const (
	CollectionComments = "comments"

	CommentPage     = "page"
	CommentAuthor   = "author"
	CommentParent   = "parent"
	CommentBody     = "body"
	CommentHTML     = "html"
	CommentResolved = "resolved"
	CommentCreated  = "created"
	CommentUpdated  = "updated"
)

// Comment is a typed proxy over a comments record.
type Comment struct {
	core.BaseRecordProxy
}

// AsComment wraps an existing comments record.
func AsComment(r *core.Record) *Comment {
	c := &Comment{}
	c.SetProxyRecord(r)
	return c
}

// Page returns the id of the page the comment is on.
func (c *Comment) Page() string { return c.GetString(CommentPage) }

// Author returns the id of the user who wrote the comment (empty once the account is gone).
func (c *Comment) Author() string { return c.GetString(CommentAuthor) }

// Parent returns the id of the comment this one replies to, or "".
func (c *Comment) Parent() string { return c.GetString(CommentParent) }

// Body returns the comment's markdown.
func (c *Comment) Body() string { return c.GetString(CommentBody) }
