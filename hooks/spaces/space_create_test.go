package spaces_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/spaces"
)

func TestSpaceCreateMakesTheCreatorOwner(t *testing.T) {
	app := testapp.New(t)
	ada := testapp.CreateUser(t, app, "ada@folio.test", "Ada")
	ada.Set(schema.UserLocale, "ko")
	if err := app.Save(ada); err != nil {
		t.Fatal(err)
	}
	scenario(t, app, tests.ApiScenario{
		Name:           "create a space",
		Method:         http.MethodPost,
		URL:            "/api/collections/spaces/records",
		Headers:        authAs(t, ada),
		Body:           body(t, map[string]any{"name": "  Café Notes_2024  "}),
		ExpectedStatus: 200,
		ExpectedContent: []string{
			`"slug":"cafe-notes-2024"`, `"visibility":"private"`, `"source_locale":"ko"`, `"locales":["ko"]`,
		},
		// one request; the owner membership is a model save inside it
		ExpectedEvents: map[string]int{"OnRecordCreateRequest": 1, "OnRecordAfterCreateSuccess": 2},
	})
	space, err := app.FindFirstRecordByData(schema.CollectionSpaces, schema.SpaceSlug, "cafe-notes-2024")
	if err != nil {
		t.Fatal(err)
	}
	members, err := app.FindAllRecords(schema.CollectionMemberships)
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 1 || members[0].GetString(schema.MembershipSpace) != space.Id ||
		members[0].GetString(schema.MembershipUser) != ada.Id || members[0].GetString(schema.MembershipRole) != schema.RoleOwner {
		t.Fatalf("want exactly one owner membership of ada in the new space, got %v", members)
	}
}

func TestSpaceCreateIsOneTransaction(t *testing.T) {
	app := testapp.New(t)
	ada := testapp.CreateUser(t, app, "ada@folio.test", "Ada")
	// The owner membership fails to save: the space must not be saved either.
	app.OnRecordCreate(schema.CollectionMemberships).BindFunc(func(e *core.RecordEvent) error {
		return errors.New("forced membership failure")
	})
	scenario(t, app, tests.ApiScenario{
		Name:               "membership failure rolls the space back",
		Method:             http.MethodPost,
		URL:                "/api/collections/spaces/records",
		Headers:            authAs(t, ada),
		Body:               body(t, map[string]any{"name": "Doomed", "slug": "doomed"}),
		ExpectedStatus:     400,
		ExpectedContent:    []string{`"message":"Failed to create the space: its owner membership could not be saved. Try again."`},
		NotExpectedContent: []string{"forced membership failure"},
		ExpectedEvents:     map[string]int{"OnRecordAfterCreateError": 2, "OnRecordAfterCreateSuccess": 0},
	})
	if n := count(t, app, schema.CollectionSpaces, "", nil); n != 0 {
		t.Fatalf("the space was saved without its owner: %d spaces", n)
	}
	if n := count(t, app, schema.CollectionMemberships, "", nil); n != 0 {
		t.Fatalf("%d memberships saved", n)
	}
}

func TestSpaceCreateBySuperuserHasNoMembers(t *testing.T) {
	app := testapp.New(t)
	su := newSuperuser(t, app)
	scenario(t, app, tests.ApiScenario{
		Name:            "a superuser creates a space in the dashboard",
		Method:          http.MethodPost,
		URL:             "/api/collections/spaces/records",
		Headers:         authAs(t, su),
		Body:            body(t, map[string]any{"name": "Handbook"}),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"slug":"handbook"`, `"source_locale":"en"`},
	})
	if n := count(t, app, schema.CollectionMemberships, "", nil); n != 0 {
		t.Fatalf("a superuser has no users record to make owner, got %d memberships", n)
	}
}

func TestSpaceCreateBadInput(t *testing.T) {
	for _, c := range []struct {
		name    string
		data    map[string]any
		content []string
	}{
		{"slug that normalizes to nothing", map[string]any{"name": "X", "slug": "!!!"},
			[]string{`"slug":{"code":"validation_invalid_slug"`, `has no letters or digits`}},
		{"name without latin letters and no slug", map[string]any{"name": "지식 베이스"},
			[]string{`"slug":{"code":"validation_invalid_slug","message":"Choose a slug: the name has no letters or digits to make one from."`}},
		{"duplicate slug", map[string]any{"name": "Again", "slug": " Taken "},
			[]string{`"slug":{"code":"validation_not_unique","message":"The slug \"taken\" is taken by another space: choose another."`}},
		{"unknown visibility", map[string]any{"name": "X", "visibility": "secret"},
			[]string{`"visibility":{"code":"validation_invalid_value"`}},
		{"bad source locale", map[string]any{"name": "X", "source_locale": "English!"},
			[]string{`"source_locale":{"code":"validation_invalid_format"`}},
		{"bad locale in the list", map[string]any{"name": "X", "locales": []any{"en", "not a locale"}},
			[]string{`"locales":{"code":"validation_invalid_locales","message":"Each locale must be a code such as en, ko or pt-br: \"not a locale\" is not one."`}},
		{"locales not a list", map[string]any{"name": "X", "locales": "en"},
			[]string{`"locales":{"code":"validation_invalid_locales"`}},
		{"locale not a string", map[string]any{"name": "X", "locales": []any{"en", 3}},
			[]string{`"locales":{"code":"validation_invalid_locales","message":"Each locale must be a code such as en, ko or pt-br: 3 is not one."`}},
		{"missing name", map[string]any{"slug": "no-name"},
			[]string{`"name":{"code":"validation_required"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			app := testapp.New(t)
			ada := testapp.CreateUser(t, app, "ada@folio.test", "Ada")
			newSpace(t, app, ada, "taken", schema.VisibilityPrivate)
			scenario(t, app, tests.ApiScenario{
				Method:          http.MethodPost,
				URL:             "/api/collections/spaces/records",
				Headers:         authAs(t, ada),
				Body:            body(t, c.data),
				ExpectedStatus:  400,
				ExpectedContent: append([]string{`"status":400`}, c.content...),
			})
			if n := count(t, app, schema.CollectionSpaces, "", nil); n != 1 {
				t.Fatalf("a refused create saved something: %d spaces", n)
			}
		})
	}
}

func TestSpaceLocalesAreNormalized(t *testing.T) {
	app := testapp.New(t)
	ada := testapp.CreateUser(t, app, "ada@folio.test", "Ada")
	scenario(t, app, tests.ApiScenario{
		Method:  http.MethodPost,
		URL:     "/api/collections/spaces/records",
		Headers: authAs(t, ada),
		Body: body(t, map[string]any{"name": "Docs", "slug": "Docs", "visibility": "public",
			"source_locale": " PT_br ", "locales": []any{"ko", "KO", "zh_CN", "ja"}}),
		ExpectedStatus: 200,
		ExpectedContent: []string{`"slug":"docs"`, `"visibility":"public"`, `"source_locale":"pt-br"`,
			`"locales":["pt-br","ko","zh-cn","ja"]`},
	})
}

// The dashboard and Go code save through the model hooks: the same invariants hold there.
func TestSpaceUpdateKeepsInvariants(t *testing.T) {
	app := testapp.New(t)
	ada := testapp.CreateUser(t, app, "ada@folio.test", "Ada")
	newSpace(t, app, ada, "taken", schema.VisibilityPrivate)
	space := newSpace(t, app, ada, "mine", schema.VisibilityPrivate)

	space.Set(schema.SpaceSlug, "Taken")
	err := app.Save(space)
	if err == nil || !strings.Contains(err.Error(), "is taken by another space") {
		t.Fatalf("saving a taken slug: want the taken error, got %v", err)
	}
	space.Set(schema.SpaceSlug, "???")
	if err := app.Save(space); err == nil || !strings.Contains(err.Error(), "has no letters or digits") {
		t.Fatalf("saving an empty slug: got %v", err)
	}
	space.Set(schema.SpaceSlug, "New Name")
	space.Set(schema.SpaceSourceLocale, "FR")
	space.Set(schema.SpaceLocales, []string{"en_GB", "en-gb"})
	if err := app.Save(space); err != nil {
		t.Fatal(err)
	}
	got, err := app.FindRecordById(schema.CollectionSpaces, space.Id)
	if err != nil {
		t.Fatal(err)
	}
	s := schema.AsSpace(got)
	if s.Slug() != "new-name" || s.SourceLocale() != "fr" || !slices.Equal(s.Locales(), []string{"fr", "en-gb"}) {
		t.Fatalf("stored slug %q, source %q, locales %v", s.Slug(), s.SourceLocale(), s.Locales())
	}
}

func TestSpaceUpdateThroughTheAPI(t *testing.T) {
	app := testapp.New(t)
	ada := testapp.CreateUser(t, app, "ada@folio.test", "Ada")
	newSpace(t, app, ada, "taken", schema.VisibilityPrivate)
	space := newSpace(t, app, ada, "mine", schema.VisibilityPrivate)
	scenario(t, app, tests.ApiScenario{
		Method:          http.MethodPatch,
		URL:             "/api/collections/spaces/records/" + space.Id,
		Headers:         authAs(t, ada),
		Body:            body(t, map[string]any{"slug": "taken"}),
		ExpectedStatus:  400,
		ExpectedContent: []string{`"slug":{"code":"validation_not_unique"`},
	})
}

// Deleting a space deletes its memberships and invitations: the last-owner rule guards
// requests on memberships, not the cascade.
func TestSpaceDeleteCascades(t *testing.T) {
	app := testapp.New(t)
	ada := testapp.CreateUser(t, app, "ada@folio.test", "Ada")
	space := newSpace(t, app, ada, "gone", schema.VisibilityPrivate)
	addMembership(t, app, space, testapp.CreateUser(t, app, "bo@folio.test", "Bo"), schema.RoleEditor)
	newInvitation(t, app, space, "cy@folio.test", schema.RoleViewer, "tok", spaces.InvitationLifetime)
	scenario(t, app, tests.ApiScenario{
		Method:         http.MethodDelete,
		URL:            "/api/collections/spaces/records/" + space.Id,
		Headers:        authAs(t, ada),
		ExpectedStatus: 204,
	})
	for _, c := range []string{schema.CollectionMemberships, schema.CollectionInvitations} {
		if n := count(t, app, c, "", nil); n != 0 {
			t.Fatalf("%d %s left after the space was deleted", n, c)
		}
	}
}
