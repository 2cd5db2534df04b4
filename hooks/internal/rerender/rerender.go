// Package rerender marks a page save made to render the page again although its body did not
// change — a page it includes was edited, moved or deleted. The pages concern renders the body
// of such a save instead of keeping the stored html, and the attachments concern resolves the
// file references of that fresh html, as for an edit of the body. Concerns never import each
// other; they share this mark.
package rerender

import "context"

type key struct{}

// With returns ctx marked as a re-render. chain holds the ids of the pages already re-rendered
// by the change that set it off, so that pages including each other stop.
func With(ctx context.Context, chain map[string]bool) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return context.WithValue(ctx, key{}, chain)
}

// Requested reports whether ctx marks a re-render.
func Requested(ctx context.Context) bool {
	return Chain(ctx) != nil
}

// Chain returns the ids of the pages already re-rendered in the chain ctx belongs to, or nil
// when ctx is not a re-render.
func Chain(ctx context.Context) map[string]bool {
	if ctx == nil {
		return nil
	}
	c, _ := ctx.Value(key{}).(map[string]bool)
	return c
}
