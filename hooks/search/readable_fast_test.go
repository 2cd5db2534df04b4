package search_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/search"
)

// The read filter search decides once per query gives exactly the pages PocketBase's
// resolution of the pages list rule gives, for every kind of caller — guest, signed-in stranger,
// viewer, editor, owner of another space, a user with different roles in different spaces,
// superuser — over pages in every state (published, draft, scheduled, expired, inside their
// window, never rendered) in public and private spaces.
func TestReadFilterIsTheListRule(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	mixed := testapp.CreateUser(t, w.app, "mixed@example.com", "mixed")
	w.users["mixed"] = mixed
	w.member(t, "public", "mixed", schema.RoleViewer)
	w.member(t, "other", "mixed", schema.RoleEditor)
	now := time.Now()
	states := map[string]map[string]any{
		"published":   {},
		"draft":       {schema.PageStatus: schema.PageDraft},
		"future":      {schema.PagePublishAt: dateTime(now.Add(time.Hour))},
		"expired":     {schema.PageUnpublishAt: dateTime(now.Add(-time.Hour))},
		"window":      {schema.PagePublishAt: dateTime(now.Add(-time.Hour)), schema.PageUnpublishAt: dateTime(now.Add(time.Hour))},
		"never":       {schema.PageRender: schema.RenderNever},
		"draft-never": {schema.PageStatus: schema.PageDraft, schema.PageRender: schema.RenderNever},
	}
	total := 0
	for slug, space := range w.spaces {
		for state, extra := range states {
			data := map[string]any{
				schema.PageSpace: space.Id, schema.PageLocale: "en", schema.PagePath: "p/" + state,
				schema.PageTitle: "lighthouse " + state, schema.PageBody: "the lighthouse keeper", schema.PageStatus: schema.PagePublished,
			}
			for k, v := range extra {
				data[k] = v
			}
			testapp.CreateRecord(t, w.app, schema.CollectionPages, data)
			total++
		}
		_ = slug
	}
	for _, caller := range []string{"guest", "stranger", "viewer", "editor", "outsider", "mixed", "superuser"} {
		t.Run(caller, func(t *testing.T) {
			info := w.auth(t, caller)
			want, err := search.ReadablePageIDs(w.app, info, false)
			if err != nil {
				t.Fatal(err)
			}
			got, err := search.ReadablePageIDs(w.app, info, true)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("fast filter gives %d pages %v, the list rule %d pages %v", len(got), describe(t, w, got), len(want), describe(t, w, want))
			}
			if caller == "superuser" && len(want) != total {
				t.Errorf("superuser reads %d of %d pages", len(want), total)
			}
			if caller == "guest" && len(want) == 0 {
				t.Error("a guest reads no page of the public space")
			}
		})
	}
}

func describe(t *testing.T, w *world, ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		r, err := w.app.FindRecordById(schema.CollectionPages, id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s/%s", spaceSlug(w, r), r.GetString(schema.PagePath)))
	}
	return out
}

func spaceSlug(w *world, r *core.Record) string {
	for slug, s := range w.spaces {
		if s.Id == r.GetString(schema.PageSpace) {
			return slug
		}
	}
	return "?"
}
