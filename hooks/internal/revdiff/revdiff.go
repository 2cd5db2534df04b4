// Package revdiff compares two revisions of a page the way Folio's diff responses show them:
// title and description side by side, tags added and removed, and the body as a unified diff
// with hunks. The pages concern's diff route and the translations concern's source diff share
// it so that both answer in one shape.
package revdiff

import (
	"fmt"
	"slices"

	"folio/hooks/internal/textmerge"
)

// Content is the part of a page or revision a diff compares.
type Content struct {
	Title, Description, Body string
	Tags                     []string
}

// ValueChange is a scalar field in two revisions.
type ValueChange struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Changed bool   `json:"changed"`
}

// TagsChange is the tags of two revisions and what changed between them. From and To are the
// lists as given (a nil list stays nil); Added and Removed are never nil.
type TagsChange struct {
	From    []string `json:"from"`
	To      []string `json:"to"`
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
}

// Diff is what changed from revision From to revision To; 0 stands for an empty page.
type Diff struct {
	From        int                  `json:"from"`
	To          int                  `json:"to"`
	Title       ValueChange          `json:"title"`
	Description ValueChange          `json:"description"`
	Tags        TagsChange           `json:"tags"`
	Body        textmerge.DiffResult `json:"body"`
}

// Compare diffs content a, revision from, against content b, revision to; the numbers label
// the unified diff's headers ("revision N").
func Compare(a, b Content, from, to int) Diff {
	return Diff{
		From:        from,
		To:          to,
		Title:       ValueChange{a.Title, b.Title, a.Title != b.Title},
		Description: ValueChange{a.Description, b.Description, a.Description != b.Description},
		Tags:        Tags(a.Tags, b.Tags),
		Body: textmerge.Diff(a.Body, b.Body, textmerge.DiffOptions{
			FromName: fmt.Sprintf("revision %d", from), ToName: fmt.Sprintf("revision %d", to)}),
	}
}

// Tags lists the tags to has and from lacks (Added) and the other way round (Removed), each in
// the order of its list.
func Tags(from, to []string) TagsChange {
	c := TagsChange{From: from, To: to, Added: []string{}, Removed: []string{}}
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
