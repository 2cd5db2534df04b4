package saveread_test

import (
	"context"
	"database/sql"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/internal/saveread"
)

// TestStoredReadOncePerSave binds three hooks to one collection's update, each asking for the
// stored row: all get the row as it was before the save, from one SELECT; the next save of the
// same record reads again and sees the first save's write; a read outside the save's transaction
// is not reused inside it.
func TestStoredReadOncePerSave(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()

	col := core.NewBaseCollection("notes")
	col.Fields.Add(&core.TextField{Name: "title"})
	if err := app.Save(col); err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Set("title", "one")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}

	var selects atomic.Int32
	for _, db := range []dbx.Builder{app.ConcurrentDB(), app.NonconcurrentDB()} {
		db.(*dbx.DB).QueryLogFunc = func(_ context.Context, _ time.Duration, sql string, _ *sql.Rows, _ error) {
			if strings.HasPrefix(sql, "SELECT") && strings.Contains(sql, "`notes`") {
				selects.Add(1)
			}
		}
	}

	var seen []string
	var outside, inside *core.Record
	app.OnRecordUpdate("notes").BindFunc(func(e *core.RecordEvent) error {
		var err error
		if outside, err = saveread.Stored(e.App, e); err != nil { // no transaction yet
			return err
		}
		return e.App.RunInTransaction(func(tx core.App) error {
			e.App = tx
			got, err := saveread.Stored(tx, e)
			if err != nil {
				return err
			}
			inside = got
			got.Set("title", "changed by a reader") // a copy: the others must not see it
			return e.Next()
		})
	})
	for range 2 {
		app.OnRecordUpdate("notes").BindFunc(func(e *core.RecordEvent) error {
			got, err := saveread.Stored(e.App, e)
			if err != nil {
				return err
			}
			seen = append(seen, got.GetString("title"))
			return e.Next()
		})
	}

	r.Set("title", "two")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if outside.GetString("title") != "one" || inside == nil {
		t.Fatalf("outside %q, inside %v", outside.GetString("title"), inside)
	}
	if len(seen) != 2 || seen[0] != "one" || seen[1] != "one" {
		t.Fatalf("hooks saw the stored title as %q, want [one one]", seen)
	}
	if n := selects.Load(); n != 2 {
		t.Fatalf("%d SELECTs of the row for one save; want 2 (one outside the transaction, one inside)", n)
	}

	seen = nil
	r.Set("title", "three")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0] != "two" || seen[1] != "two" {
		t.Fatalf("the second save's hooks saw %q, want [two two]", seen)
	}
}

// TestSeedTakenBySave: a row a request hook read and seeded in the transaction the save runs in
// is what the save's hooks get, without a statement; one seeded in another transaction is not.
func TestSeedTakenBySave(t *testing.T) {
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	col := core.NewBaseCollection("notes")
	col.Fields.Add(&core.TextField{Name: "title"})
	if err := app.Save(col); err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Set("title", "one")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	var seen []string
	app.OnRecordUpdate("notes").BindFunc(func(e *core.RecordEvent) error {
		got, err := saveread.Stored(e.App, e)
		if err != nil {
			return err
		}
		seen = append(seen, got.GetString("title"))
		return e.Next()
	})

	err = app.RunInTransaction(func(tx core.App) error {
		stored, err := tx.FindRecordById("notes", r.Id)
		if err != nil {
			return err
		}
		stored.Set("title", "as seeded") // marks the seed, to tell it from a fresh read
		saveread.Seed(tx, r, stored)
		defer saveread.Unseed(r)
		r.Set("title", "two")
		return tx.Save(r)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0] != "as seeded" {
		t.Fatalf("the save's hook saw %q, want the seeded row", seen)
	}

	seen = nil
	wrong := r.Fresh()
	wrong.Set("title", "seeded outside")
	saveread.Seed(app, r, wrong) // outside the transaction the save runs in
	err = app.RunInTransaction(func(tx core.App) error {
		r.Set("title", "three")
		return tx.Save(r)
	})
	saveread.Unseed(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0] != "two" {
		t.Fatalf("a seed from another transaction was used: %q", seen)
	}
}
