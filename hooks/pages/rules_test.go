package pages_test

import (
	"fmt"
	"net/http"
	"testing"

	"folio/hooks/schema"
)

// TestPageReadRules lists and views every fixture page as every caller: drafts and pages outside
// their publish window reach only the space's writers, public spaces reach guests and strangers,
// private ones their members only.
func TestPageReadRules(t *testing.T) {
	f := newFixture(t)
	for _, caller := range callers {
		for _, space := range []string{"private", "public"} {
			listed := f.listIds(t, schema.CollectionPages, fmt.Sprintf("space = '%s'", f.spaces[space].Id), caller)
			for _, kind := range pageKinds {
				page := f.pages[space+"/"+kind]
				want := canRead(caller, space, kind)
				if listed[page.Id] != want {
					t.Errorf("%s lists %s/%s: got %v, want %v", caller, space, kind, listed[page.Id], want)
				}
				res := f.do(t, http.MethodGet, "/api/collections/pages/records/"+page.Id, caller, nil)
				if wantStatus := statusIf(want, 200, 404); res.Status != wantStatus {
					t.Errorf("%s views %s/%s: got %d, want %d", caller, space, kind, res.Status, wantStatus)
				}
			}
		}
	}
}

// TestRevisionReadRules: a page's revisions are readable exactly when the page is.
func TestRevisionReadRules(t *testing.T) {
	f := newFixture(t)
	for _, caller := range callers {
		for _, space := range []string{"private", "public"} {
			for _, kind := range pageKinds {
				page := f.pages[space+"/"+kind]
				got := len(f.listIds(t, schema.CollectionRevisions, fmt.Sprintf("page = '%s'", page.Id), caller)) == 1
				if want := canRead(caller, space, kind); got != want {
					t.Errorf("%s lists revisions of %s/%s: got %v, want %v", caller, space, kind, got, want)
				}
			}
		}
	}
}

// TestPageWriteRules creates, edits and deletes pages as every caller: writers of the space
// create and edit, owners and admins delete, and every other caller gets PocketBase's rule-miss
// answers (400 on create, 404 on update and delete).
func TestPageWriteRules(t *testing.T) {
	f := newFixture(t)
	for _, caller := range callers {
		for _, space := range []string{"private", "public"} {
			writer := caller == "superuser" || isWriter(caller)
			res := f.do(t, http.MethodPost, "/api/collections/pages/records", caller, map[string]any{
				"space": f.spaces[space].Id, "locale": "en", "path": "new/" + caller, "title": "New", "body": "x",
			})
			if want := statusIf(writer, 200, 400); res.Status != want {
				t.Errorf("%s creates in %s: got %d, want %d (%s)", caller, space, res.Status, want, res.Raw)
			}
			page := f.pages[space+"/live"]
			res = f.do(t, http.MethodGet, "/api/collections/pages/records/"+page.Id, "superuser", nil)
			head := int(res.Body["revision"].(float64))
			res = f.do(t, http.MethodPatch, "/api/collections/pages/records/"+page.Id, caller, map[string]any{
				"title": "Edited by " + caller, "base_revision": head,
			})
			if want := statusIf(writer, 200, 404); res.Status != want {
				t.Errorf("%s updates %s/live: got %d, want %d (%s)", caller, space, res.Status, want, res.Raw)
			}
			victim := f.createPage(t, space, "en", "victim/"+caller, "live")
			res = f.do(t, http.MethodDelete, "/api/collections/pages/records/"+victim.Id, caller, nil)
			manager := caller == "superuser" || caller == "owner" || caller == "admin"
			if want := statusIf(manager, 204, 404); res.Status != want {
				t.Errorf("%s deletes in %s: got %d, want %d", caller, space, res.Status, want)
			}
		}
	}
}

// TestPageSpaceCannotMove: the update rule keeps a page in its space, even for its owner.
func TestPageSpaceCannotMove(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	res := f.do(t, http.MethodPatch, "/api/collections/pages/records/"+page.Id, "owner", map[string]any{"space": f.spaces["public"].Id})
	if res.Status != http.StatusNotFound {
		t.Fatalf("moving a page to another space: got %d, want 404", res.Status)
	}
}

// TestRevisionsAreServerWritten: nobody — not even a superuser — creates, edits or deletes a
// revision through the API; they are written only with their page.
func TestRevisionsAreServerWritten(t *testing.T) {
	f := newFixture(t)
	page := f.pages["private/live"]
	rev := f.listIds(t, schema.CollectionRevisions, fmt.Sprintf("page = '%s'", page.Id), "superuser")
	var revId string
	for id := range rev {
		revId = id
	}
	for _, caller := range callers {
		res := f.do(t, http.MethodPost, "/api/collections/revisions/records", caller, map[string]any{"page": page.Id, "number": 2, "body": "forged"})
		if res.Status != http.StatusForbidden {
			t.Errorf("%s creates a revision: got %d, want 403", caller, res.Status)
		}
		res = f.do(t, http.MethodPatch, "/api/collections/revisions/records/"+revId, caller, map[string]any{"body": "forged"})
		if res.Status != http.StatusForbidden {
			t.Errorf("%s edits a revision: got %d, want 403", caller, res.Status)
		}
		res = f.do(t, http.MethodDelete, "/api/collections/revisions/records/"+revId, caller, nil)
		if res.Status != http.StatusForbidden {
			t.Errorf("%s deletes a revision: got %d, want 403", caller, res.Status)
		}
	}
}

func statusIf(cond bool, yes, no int) int {
	if cond {
		return yes
	}
	return no
}

// TestPageLinkReadRules: a page's link rows are readable exactly when the page is.
func TestPageLinkReadRules(t *testing.T) {
	f := newFixture(t)
	for _, caller := range callers {
		for _, space := range []string{"private", "public"} {
			for _, kind := range pageKinds {
				page := f.pages[space+"/"+kind]
				got := len(f.listIds(t, schema.CollectionPageLinks, fmt.Sprintf("page = '%s'", page.Id), caller)) > 0
				if want := canRead(caller, space, kind); got != want {
					t.Errorf("%s lists links of %s/%s: got %v, want %v", caller, space, kind, got, want)
				}
			}
		}
	}
}
