package navigation_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/navigation"
	"folio/hooks/schema"
)

// callerInfo is the request info of caller as the API builds it.
func (f *fixture) callerInfo(t *testing.T, caller string) *core.RequestInfo {
	t.Helper()
	info := &core.RequestInfo{}
	switch caller {
	case "guest":
	case "superuser":
		su, err := f.app.FindAuthRecordByEmail(core.CollectionNameSuperusers, "root@example.com")
		if err != nil {
			t.Fatal(err)
		}
		info.Auth = su
	default:
		info.Auth = f.users[caller]
	}
	return info
}

// TestFastReadFilterEqualsPagesRule: for every caller (owner, admin, editor, viewer, a member of
// another space, a user of no space, a guest, a superuser), every space (private, public, one
// the caller is not in) and every page state (live, draft, future, expired, inside its window,
// headless, translations), the pages navigation reads through its fast filter are exactly those
// the pages rule lets PocketBase's list return — and those canRead says in words.
func TestFastReadFilterEqualsPagesRule(t *testing.T) {
	f := newFixture(t)
	col, err := f.app.FindCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		t.Fatal(err)
	}
	if !navigation.ModelsReadRule(col) {
		t.Fatalf("the fast filter does not model the pages rule the migrations set:\n%s", *col.ViewRule)
	}
	names := map[string]string{} // page id -> "<space>/<locale>/<path>"
	for k, p := range f.pages {
		names[p.Id] = k
	}
	for _, caller := range callers {
		info := f.callerInfo(t, caller)
		for slug, space := range f.spaces {
			fast, err := navigation.ReadableIds(f.app, info, space, true)
			if err != nil {
				t.Fatal(err)
			}
			byRule, err := navigation.ReadableIds(f.app, info, space, false)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(fast)
			slices.Sort(byRule)
			if !slices.Equal(fast, byRule) {
				t.Fatalf("%s in %s: fast filter %v, pages rule %v", caller, slug, label(fast, names), label(byRule, names))
			}
			for _, kind := range pageKinds {
				p := f.pages[slug+"/en/docs/"+kind]
				if got, want := slices.Contains(fast, p.Id), canRead(caller, slug, kind); got != want {
					t.Errorf("%s reads %s/docs/%s: %v, want %v", caller, slug, kind, got, want)
				}
			}
		}
	}
}

// TestFastReadFilterFollowsAnEditedRule: once the pages rule is not the one Folio sets (an admin
// edited it in the dashboard), navigation applies the rule as it is.
func TestFastReadFilterFollowsAnEditedRule(t *testing.T) {
	f := newFixture(t)
	col, err := f.app.FindCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		t.Fatal(err)
	}
	col.ListRule, col.ViewRule = types.Pointer(`status = "draft"`), types.Pointer(`status = "draft"`)
	if err := f.app.Save(col); err != nil {
		t.Fatal(err)
	}
	if navigation.ModelsReadRule(col) {
		t.Fatal("an edited rule is taken for Folio's")
	}
	ids, err := navigation.ReadableIds(f.app, f.callerInfo(t, "guest"), f.spaces["private"], true)
	if err != nil {
		t.Fatal(err)
	}
	if want := f.pages["private/en/docs/draft"].Id; len(ids) != 1 || ids[0] != want {
		t.Fatalf("a guest under the edited rule reads %v, want only the draft %s", ids, want)
	}
}

func label(ids []string, names map[string]string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = names[id]
	}
	return strings.Join(out, ", ")
}
