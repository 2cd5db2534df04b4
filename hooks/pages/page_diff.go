package pages

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/textmerge"
	"folio/hooks/schema"
)

// valueChange is a scalar field in two revisions.
type valueChange struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Changed bool   `json:"changed"`
}

// tagsChange is the tags of two revisions and what changed between them.
type tagsChange struct {
	From    []string `json:"from"`
	To      []string `json:"to"`
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
}

// pageDiff answers GET /api/folio/pages/{id}/diff?from=&to=: what changed between two
// revisions of a page — the body as a unified diff and as hunks whose changed lines carry
// word-level (character-level in Chinese, Japanese and Korean) segments, and the title,
// description and tags side by side. to defaults to the head, from to the revision before to;
// from=0 diffs against an empty page. Readers of the page read its diffs.
func pageDiff(e *core.RequestEvent) error {
	page, err := findViewablePage(e)
	if err != nil {
		return err
	}
	head := page.GetInt(schema.PageRevision)
	to, err := queryRevision(e, "to", head)
	if err != nil {
		return err
	}
	from, err := queryRevision(e, "from", to-1)
	if err != nil {
		return err
	}
	if to < 1 || to > head || from < 0 || from > head {
		return e.BadRequestError(fmt.Sprintf("This page has revisions 1 to %d; from may also be 0 (an empty page).", head), nil)
	}
	a, b := pageContent{}, pageContent{}
	if from > 0 {
		if a, err = loadRevisionContent(e, page.Id, from); err != nil {
			return err
		}
	}
	if b, err = loadRevisionContent(e, page.Id, to); err != nil {
		return err
	}
	return e.JSON(http.StatusOK, map[string]any{
		"page":        page.Id,
		"from":        from,
		"to":          to,
		"title":       valueChange{a.Title, b.Title, a.Title != b.Title},
		"description": valueChange{a.Description, b.Description, a.Description != b.Description},
		"tags":        diffTags(a.Tags, b.Tags),
		"body": textmerge.Diff(a.Body, b.Body, textmerge.DiffOptions{
			FromName: fmt.Sprintf("revision %d", from), ToName: fmt.Sprintf("revision %d", to)}),
	})
}

func queryRevision(e *core.RequestEvent, key string, def int) (int, error) {
	raw := e.Request.URL.Query().Get(key)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return 0, e.BadRequestError(key+" must be a revision number.",
			validation.Errors{key: validation.NewError("validation_invalid_revision", "Not a revision number.")})
	}
	return n, nil
}

func loadRevisionContent(e *core.RequestEvent, pageId string, n int) (pageContent, error) {
	rev, err := findRevision(e.App, pageId, n)
	if err != nil {
		return pageContent{}, e.NotFoundError(fmt.Sprintf("Revision %d of this page was not found.", n), nil)
	}
	return contentOfRevision(rev), nil
}

func diffTags(from, to []string) tagsChange {
	c := tagsChange{From: nonNil(from), To: nonNil(to), Added: []string{}, Removed: []string{}}
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
