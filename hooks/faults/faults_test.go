package faults_test

import (
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/faults"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// An injected fault, wrapped as Folio's hooks and PocketBase's handlers wrap errors, is a 503
// with the retry message and a Retry-After header, whatever the route answered; errors about
// the request stay as they were.
func TestInjectedFaultsAre503(t *testing.T) {
	app := testapp.New(t)
	routes := map[string]func(e *core.RequestEvent) error{
		"/test/full-as-400": func(e *core.RequestEvent) error {
			return e.BadRequestError("", fmt.Errorf("save page: %w", syscall.ENOSPC))
		},
		"/test/io-as-500": func(e *core.RequestEvent) error {
			return e.InternalServerError("Failed to save.", fmt.Errorf("write: %w", syscall.EIO))
		},
		"/test/full-in-field": func(e *core.RequestEvent) error {
			return e.BadRequestError("Failed to create record.", validation.Errors{"body": fmt.Errorf("store: %w", syscall.ENOSPC)})
		},
		"/test/plain-error": func(e *core.RequestEvent) error {
			return fmt.Errorf("upload: %w", syscall.EDQUOT)
		},
		"/test/bad-input": func(e *core.RequestEvent) error {
			return e.BadRequestError("Title is required.", validation.Errors{"title": validation.NewError("validation_required", "Required.")})
		},
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		for path, fn := range routes {
			se.Router.GET(path, fn)
		}
		return se.Next()
	})
	h := testapp.Handler(t, app)
	for path := range routes {
		res := testapp.Do(t, h, http.MethodGet, path, "", "", nil)
		if path == "/test/bad-input" {
			if res.Status != 400 || res.Body["message"] != "Title is required." {
				t.Errorf("%s: %d %s, want the 400 unchanged", path, res.Status, res.Raw)
			}
			continue
		}
		if res.Status != 503 || res.Body["message"] != faults.RetryMessage {
			t.Errorf("%s: %d %s, want 503 with the retry message", path, res.Status, res.Raw)
		}
	}
}

// A database that cannot grow (SQLite's max_page_count at the pages it has, as a full disk
// leaves it) answers a page save with 503 and writes nothing; once it can grow again, the same
// save succeeds.
func TestFullDatabaseIs503(t *testing.T) {
	app := testapp.New(t)
	su := core.NewRecord(must(app.FindCollectionByNameOrId(core.CollectionNameSuperusers)))
	su.SetEmail("root@example.com")
	su.SetPassword(testapp.TestPassword)
	if err := app.Save(su); err != nil {
		t.Fatal(err)
	}
	space := testapp.CreateRecord(t, app, schema.CollectionSpaces, map[string]any{
		schema.SpaceSlug: "kb", schema.SpaceName: "KB", schema.SpaceVisibility: schema.VisibilityPrivate, schema.SpaceSourceLocale: "en"})
	h := testapp.Handler(t, app)
	tok := testapp.Token(t, su)
	var body strings.Builder
	for i := range 3000 { // about 160,000 characters: long, yet under the body limit
		fmt.Fprintf(&body, "Paragraph %d of a long page about disks that fill up.\n\n", i)
	}
	page := map[string]any{"space": space.Id, "locale": "en", "path": "full", "title": "Full", "body": body.String(), "status": "published"}

	var pages int
	if err := app.NonconcurrentDB().NewQuery("PRAGMA page_count").Row(&pages); err != nil {
		t.Fatal(err)
	}
	// the writes go through PocketBase's one nonconcurrent connection, which keeps the pragma
	if _, err := app.NonconcurrentDB().NewQuery(fmt.Sprintf("PRAGMA max_page_count = %d", pages)).Execute(); err != nil {
		t.Fatal(err)
	}
	res := testapp.Do(t, h, http.MethodPost, "/api/collections/pages/records", tok, "", page)
	if res.Status != 503 || res.Body["message"] != faults.RetryMessage {
		t.Fatalf("a save into a full database: %d %s, want 503 with the retry message", res.Status, res.Raw)
	}
	if n, _ := app.CountRecords(schema.CollectionPages); n != 0 {
		t.Fatalf("%d pages written by the failed save", n)
	}

	if _, err := app.NonconcurrentDB().NewQuery("PRAGMA max_page_count = 1073741823").Execute(); err != nil {
		t.Fatal(err)
	}
	if res := testapp.Do(t, h, http.MethodPost, "/api/collections/pages/records", tok, "", page); res.Status != 200 {
		t.Fatalf("the same save with room again: %d %s", res.Status, res.Raw)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
