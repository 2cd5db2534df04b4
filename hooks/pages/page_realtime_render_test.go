package pages_test

import (
	"testing"
	"time"

	"folio/hooks/schema"
)

// A published page set to render "never" reaches editors only: its viewers and guests lose
// sight of it as if it went back to draft, and get the lost-sight delete; its editor, who
// still reads it, gets the update.
func TestLostSightRenderNever(t *testing.T) {
	f := newFixture(t)
	page := f.pages["public/live"]
	viewer, guest, editor := f.subscribe(t, "viewer"), f.subscribe(t, "guest"), f.subscribe(t, "editor")
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{schema.PageRender: schema.RenderNever}), 200)
	for _, s := range []*subscriber{viewer, guest} {
		if got := s.next(t, page.Id, 2*time.Second); got != "delete" {
			t.Errorf("%s got %q, want the lost-sight delete", s.name, got)
		}
	}
	if got := editor.next(t, page.Id, 2*time.Second); got != "update" {
		t.Errorf("the editor got %q, want the update", got)
	}
}
