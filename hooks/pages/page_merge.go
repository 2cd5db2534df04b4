package pages

import (
	"fmt"
	"net/http"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"folio/hooks/internal/textmerge"
	"folio/hooks/schema"
)

// conflict is one place both the head and the client changed differently since the base,
// as the 409 response's data lists it. Line is the 1-based line of base where a body conflict
// starts; it is omitted for the other fields.
type conflict struct {
	Field  string `json:"field"`
	Line   int    `json:"line,omitzero"`
	Base   string `json:"base"`
	Theirs string `json:"theirs"`
	Yours  string `json:"yours"`
}

// mergeContent merges a stale edit three-way: the body by lines, title and description as
// whole values, tags as a set (which never conflicts).
func mergeContent(base, theirs, yours pageContent) (pageContent, []conflict) {
	var conflicts []conflict
	body := textmerge.Merge(base.Body, theirs.Body, yours.Body)
	for _, c := range body.Conflicts {
		conflicts = append(conflicts, conflict{Field: schema.PageBody, Line: c.BaseLine, Base: c.Base, Theirs: c.Theirs, Yours: c.Yours})
	}
	value := func(field, b, t, y string) string {
		v, ok := textmerge.MergeValue(b, t, y)
		if !ok {
			conflicts = append(conflicts, conflict{Field: field, Base: b, Theirs: t, Yours: y})
		}
		return v
	}
	merged := pageContent{
		Title:       value(schema.PageTitle, base.Title, theirs.Title, yours.Title),
		Description: value(schema.PageDescription, base.Description, theirs.Description, yours.Description),
		Body:        body.Text,
		Tags:        textmerge.MergeSet(base.Tags, theirs.Tags, yours.Tags),
	}
	return merged, conflicts
}

// conflictError is the 409 answer to an edit that overlaps changes saved since its base. It is
// an *router.ApiError built directly rather than through NewApiError, which would strip data
// that is not validation errors: the SDK's ClientResponseError.response.data carries it whole.
// Returned from inside the transaction, it also rolls back anything written so far.
func conflictError(head *core.Record, base int, conflicts []conflict) error {
	headRev := head.GetInt(schema.PageRevision)
	c := contentOfPage(head)
	return &router.ApiError{
		Status: http.StatusConflict,
		Message: fmt.Sprintf("The page changed since revision %d and %d of your changes overlap; nothing was saved. "+
			"Merge them with the head (revision %d) and send again with base_revision %d.", base, len(conflicts), headRev, headRev),
		Data: map[string]any{
			"base_revision": base,
			"head_revision": headRev,
			"head":          c,
			"conflicts":     conflicts,
		},
	}
}
