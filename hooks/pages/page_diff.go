package pages

import (
	"fmt"
	"net/http"
	"strconv"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/revdiff"
	"folio/hooks/schema"
)

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
	d := revdiff.Compare(a.diffable(), b.diffable(), from, to)
	return e.JSON(http.StatusOK, map[string]any{
		"page":        page.Id,
		"from":        from,
		"to":          to,
		"title":       d.Title,
		"description": d.Description,
		"tags":        d.Tags,
		"body":        d.Body,
	})
}

// diffable is c as revdiff compares it; an empty page has no tags rather than null ones.
func (c pageContent) diffable() revdiff.Content {
	return revdiff.Content{Title: c.Title, Description: c.Description, Body: c.Body, Tags: nonNil(c.Tags)}
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
