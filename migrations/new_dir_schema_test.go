package migrations_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/migrations"
)

var update = flag.Bool("update", false, "rewrite new_dir_schema.json from a run of the migrations it stands for")

// newDir is a data dir as `folio superuser upsert` leaves it: PocketBase's system migrations
// applied, none of Folio's.
func newDir(t *testing.T) *core.BaseApp {
	t.Helper()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.ResetBootstrapState() })
	return app
}

// migrationList is core.AppMigrations without the new-dir schema when withSchema is false, plus
// extra migrations.
func migrationList(withSchema bool, extra ...*core.Migration) core.MigrationsList {
	var list core.MigrationsList
	for _, m := range core.AppMigrations.Items() {
		if withSchema || m.File != migrations.NewDirSchemaFile {
			list.Add(m)
		}
	}
	for _, m := range extra {
		list.Add(m)
	}
	return list
}

func runMigrations(t *testing.T, app core.App, list core.MigrationsList) []string {
	t.Helper()
	applied, err := core.NewMigrationsRunner(app, list).Up()
	if err != nil {
		t.Fatal(err)
	}
	return applied
}

// dbState is everything a migration run leaves in the database that a later one could tell
// apart: sqlite_master (tables, indexes, triggers, virtual tables and their shadow tables), each
// collection's JSON export (fields, rules, indexes, options), the settings, the _migrations rows
// and the rows of every table, with creation and update times left out.
func dbState(t *testing.T, app core.App) map[string]string {
	t.Helper()
	state := map[string]string{}
	var objects []struct {
		Type  string `db:"type"`
		Name  string `db:"name"`
		Table string `db:"tbl_name"`
		SQL   string `db:"sql"`
	}
	if err := app.DB().NewQuery("SELECT type, name, tbl_name, coalesce(sql, '') AS sql FROM sqlite_master").All(&objects); err != nil {
		t.Fatal(err)
	}
	for _, o := range objects {
		state["sqlite_master "+o.Type+" "+o.Name] = o.Table + "\n" + o.SQL
		if o.Type != "table" {
			continue
		}
		var rows []dbx.NullStringMap
		if err := app.DB().NewQuery("SELECT * FROM [[" + o.Name + "]]").All(&rows); err != nil {
			t.Fatal(err)
		}
		lines := make([]string, 0, len(rows))
		for _, r := range rows {
			cols := make([]string, 0, len(r))
			for col, v := range r {
				if col == "created" || col == "updated" || (o.Name == core.DefaultMigrationsTable && col == "applied") {
					continue
				}
				val := "NULL"
				if v.Valid {
					// Token secrets are random per dir; TestNewDirSchemaKeepsSecrets checks them.
					val = fmt.Sprintf("%q", migrations.ScrubSecrets(v.String))
				}
				cols = append(cols, col+"="+val)
			}
			sort.Strings(cols)
			lines = append(lines, strings.Join(cols, " "))
		}
		sort.Strings(lines)
		state["rows "+o.Name] = strings.Join(lines, "\n")
	}
	collections, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range collections {
		var export map[string]any
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &export); err != nil {
			t.Fatal(err)
		}
		delete(export, "created")
		delete(export, "updated")
		out, _ := json.Marshal(export)
		state["collection "+c.Name] = migrations.ScrubSecrets(string(out))
	}
	settings, err := json.Marshal(app.Settings())
	if err != nil {
		t.Fatal(err)
	}
	state["settings"] = string(settings)
	return state
}

func diffStates(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		g, gok := got[k]
		w, wok := want[k]
		switch {
		case !gok:
			t.Errorf("%s: missing %s (incremental has:\n%s)", what, k, w)
		case !wok:
			t.Errorf("%s: extra %s:\n%s", what, k, g)
		case g != w:
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			from := max(0, i-200)
			t.Errorf("%s: %s differs at byte %d:\n got: …%s\nwant: …%s", what, k, i, g[from:min(len(g), i+200)], w[from:min(len(w), i+200)])
		}
	}
}

// A new data dir migrated with the new-dir schema is exactly the dir the incremental migrations
// give: schema, collections, rules, indexes, search tables, settings and _migrations rows. When a
// migration before the bound changes, this fails until new_dir_schema.json is rewritten with
// `go test ./migrations -run TestNewDirSchema -update`.
func TestNewDirSchemaEqualsIncremental(t *testing.T) {
	incremental := newDir(t)
	runMigrations(t, incremental, migrationList(false))
	want := dbState(t, incremental)

	squashed := newDir(t)
	applied := runMigrations(t, squashed, migrationList(true))
	if len(applied) == 0 || applied[0] != migrations.NewDirSchemaFile {
		t.Fatalf("applied %v, want %s first", applied, migrations.NewDirSchemaFile)
	}
	for _, f := range applied[1:] {
		if f < migrations.NewDirSchemaBefore {
			t.Errorf("%s ran one by one after the new-dir schema", f)
		}
	}
	got := dbState(t, squashed)
	// The new-dir schema's own _migrations row is the one row the incremental run lacks.
	if !strings.Contains(got["rows "+core.DefaultMigrationsTable], migrations.NewDirSchemaFile) {
		t.Errorf("%s not recorded as applied", migrations.NewDirSchemaFile)
	}
	got["rows "+core.DefaultMigrationsTable] = withoutLine(got["rows "+core.DefaultMigrationsTable], migrations.NewDirSchemaFile)
	diffStates(t, "new dir", got, want)
	// The collections PocketBase serves come from its cache: reloaded with the schema.
	if _, err := squashed.FindCachedCollectionByNameOrId(schema.CollectionPages); err != nil {
		t.Errorf("pages not in the collection cache: %v", err)
	}
}

// A migration after the bound runs after the new-dir schema as it runs after the incremental
// migrations, and gives the same result.
func TestNewDirSchemaComposesWithLaterMigrations(t *testing.T) {
	later := &core.Migration{
		File: migrations.NewDirSchemaBefore + "999_later_field.go",
		Up: func(app core.App) error {
			pages, err := app.FindCollectionByNameOrId(schema.CollectionPages)
			if err != nil {
				return err
			}
			pages.Fields.Add(&core.TextField{Name: "later_field", Max: 10})
			pages.AddIndex("idx_pages_later_field", false, "later_field", "")
			return app.Save(pages)
		},
	}
	incremental := newDir(t)
	runMigrations(t, incremental, migrationList(false, later))
	want := dbState(t, incremental)

	squashed := newDir(t)
	applied := runMigrations(t, squashed, migrationList(true, later))
	if len(applied) != 2+laterAppMigrations() || applied[1] != later.File {
		t.Fatalf("applied %v, want the new-dir schema then %s (and the app's own migrations from %s on)", applied, later.File, migrations.NewDirSchemaBefore)
	}
	got := dbState(t, squashed)
	got["rows "+core.DefaultMigrationsTable] = withoutLine(got["rows "+core.DefaultMigrationsTable], migrations.NewDirSchemaFile)
	diffStates(t, "new dir + later migration", got, want)
}

// On a dir where some of Folio's migrations already ran, the new-dir schema does nothing: the
// rest run one by one, and the result is the incremental one.
func TestNewDirSchemaLeavesExistingDirsToIncremental(t *testing.T) {
	replaced := migrations.ReplacedMigrations(core.AppMigrations)
	var first core.MigrationsList
	for _, m := range core.AppMigrations.Items() {
		if m.File != migrations.NewDirSchemaFile && m.File <= replaced[2] {
			first.Add(m)
		}
	}
	existing := newDir(t)
	runMigrations(t, existing, first)
	applied := runMigrations(t, existing, migrationList(true))
	if len(applied) != len(replaced)-3+1+laterAppMigrations() {
		t.Errorf("applied %d migrations, want the other %d one by one and the new-dir schema recorded", len(applied), len(replaced)-3)
	}
	got := dbState(t, existing)
	got["rows "+core.DefaultMigrationsTable] = withoutLine(got["rows "+core.DefaultMigrationsTable], migrations.NewDirSchemaFile)

	incremental := newDir(t)
	runMigrations(t, incremental, migrationList(false))
	diffStates(t, "existing dir", got, dbState(t, incremental))
}

// A users table with rows is not replaced: the migrations run one by one and keep the rows.
func TestNewDirSchemaKeepsRows(t *testing.T) {
	app := newDir(t)
	users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
	if err != nil {
		t.Fatal(err)
	}
	u := core.NewRecord(users)
	u.SetEmail("early@example.com")
	u.SetPassword("correct-horse-battery-staple-42")
	if err := app.Save(u); err != nil {
		t.Fatal(err)
	}
	runMigrations(t, app, migrationList(true))
	if _, err := app.FindAuthRecordByEmail(schema.CollectionUsers, "early@example.com"); err != nil {
		t.Fatalf("the user made before the migrations is gone: %v", err)
	}
	if _, err := app.FindCollectionByNameOrId(schema.CollectionPages); err != nil {
		t.Fatal(err)
	}
}

func withoutLine(s, substr string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, substr) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// TestNewDirSchema checks new_dir_schema.json against a fresh run of the migrations it stands
// for, and rewrites it with -update.
func TestNewDirSchema(t *testing.T) {
	replaced := migrations.ReplacedMigrations(core.AppMigrations)
	var list core.MigrationsList
	for _, m := range core.AppMigrations.Items() {
		for _, f := range replaced {
			if m.File == f {
				list.Add(m)
			}
		}
	}
	base := newDir(t)
	full := newDir(t)
	runMigrations(t, full, list)
	s := buildNewDirSchema(t, base, full, replaced)
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, '\n')
	if *update {
		if err := os.WriteFile("new_dir_schema.json", out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	stored, err := os.ReadFile("new_dir_schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stored, out) {
		t.Fatal("new_dir_schema.json is not what the migrations before " + migrations.NewDirSchemaBefore +
			" give now: rewrite it with `go test ./migrations -run TestNewDirSchema -update`")
	}
}

type masterEntry struct {
	Type  string `db:"type"`
	Name  string `db:"name"`
	Table string `db:"tbl_name"`
	SQL   string `db:"sql"`
}

func masterEntries(t *testing.T, app core.App) []masterEntry {
	t.Helper()
	var entries []masterEntry
	if err := app.DB().NewQuery("SELECT type, name, tbl_name, coalesce(sql, '') AS sql FROM sqlite_master ORDER BY rowid").All(&entries); err != nil {
		t.Fatal(err)
	}
	return entries
}

// buildNewDirSchema is the difference between base (system schema only) and full (the replaced
// migrations applied).
func buildNewDirSchema(t *testing.T, base, full core.App, replaced []string) migrations.NewDirSchema {
	t.Helper()
	fingerprint, err := migrations.BaseFingerprint(base)
	if err != nil {
		t.Fatal(err)
	}
	s := migrations.NewDirSchema{Replaces: replaced, Base: fingerprint, Drop: []migrations.NewDirObject{}, Create: []string{}}

	baseSQL := map[string]masterEntry{}
	for _, e := range masterEntries(t, base) {
		baseSQL[e.Type+" "+e.Name] = e
	}
	fullEntries := masterEntries(t, full)
	fullSQL := map[string]masterEntry{}
	virtual := []string{}
	for _, e := range fullEntries {
		fullSQL[e.Type+" "+e.Name] = e
		if e.Type == "table" && strings.HasPrefix(strings.ToUpper(e.SQL), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, e.Name)
		}
	}
	// Base objects that changed or went: tables first (their indexes and triggers go with them).
	dropped := map[string]bool{}
	for _, typ := range []string{"table", "view", "index", "trigger"} {
		for _, e := range masterEntries(t, base) {
			if e.Type != typ || e.SQL == "" || strings.HasPrefix(e.Name, "sqlite_") {
				continue
			}
			if f, ok := fullSQL[e.Type+" "+e.Name]; ok && f.SQL == e.SQL && !dropped[e.Table] {
				continue
			}
			if dropped[e.Table] {
				continue
			}
			s.Drop = append(s.Drop, migrations.NewDirObject{Type: e.Type, Name: e.Name})
			if e.Type == "table" {
				dropped[e.Name] = true
			}
		}
	}
	for _, e := range fullEntries {
		if e.SQL == "" || isShadow(e, virtual) {
			continue
		}
		if b, ok := baseSQL[e.Type+" "+e.Name]; ok && b.SQL == e.SQL && !dropped[e.Table] {
			continue
		}
		s.Create = append(s.Create, e.SQL)
	}

	baseRows, err := migrations.CollectionRows(base)
	if err != nil {
		t.Fatal(err)
	}
	baseByID := map[string]map[string]*string{}
	for _, r := range baseRows {
		baseByID[*r["id"]] = r
	}
	fullRows, err := migrations.CollectionRows(full)
	if err != nil {
		t.Fatal(err)
	}
	if len(fullRows) < len(baseRows) {
		t.Fatal("the migrations delete collections: the new-dir schema does not model that")
	}
	for _, r := range fullRows {
		if b, ok := baseByID[*r["id"]]; ok && sameRow(b, r) {
			continue
		}
		if r["options"] != nil {
			scrubbed := migrations.ScrubSecrets(*r["options"])
			r["options"] = &scrubbed
		}
		r["created"], r["updated"] = nil, nil // the time of applying
		s.Collections = append(s.Collections, r)
	}

	var baseSettings, fullSettings string
	_ = base.DB().NewQuery("SELECT value FROM {{_params}} WHERE id = 'settings'").Row(&baseSettings)
	if err := full.DB().NewQuery("SELECT value FROM {{_params}} WHERE id = 'settings'").Row(&fullSettings); err != nil {
		t.Fatal(err)
	}
	if fullSettings != baseSettings {
		s.Settings = json.RawMessage(fullSettings)
	}
	stats := func(app core.App) [][3]string {
		var rows []struct {
			Tbl  string `db:"tbl"`
			Idx  string `db:"idx"`
			Stat string `db:"stat"`
		}
		if err := app.DB().NewQuery("SELECT tbl, coalesce(idx, '') AS idx, stat FROM sqlite_stat1 ORDER BY tbl, idx").All(&rows); err != nil {
			t.Fatal(err)
		}
		out := make([][3]string, len(rows))
		for i, r := range rows {
			out[i] = [3]string{r.Tbl, r.Idx, r.Stat}
		}
		return out
	}
	if b, f := stats(base), stats(full); fmt.Sprint(b) != fmt.Sprint(f) {
		s.Stats = f
	}
	return s
}

func isShadow(e masterEntry, virtual []string) bool {
	for _, v := range virtual {
		if e.Name != v && e.Table == e.Name && strings.HasPrefix(e.Name, v+"_") {
			return true
		}
		if e.Table != v && strings.HasPrefix(e.Table, v+"_") {
			return true // an index of a shadow table
		}
	}
	return false
}

func sameRow(a, b map[string]*string) bool {
	for col, v := range b {
		if col == "created" || col == "updated" {
			continue
		}
		w, ok := a[col]
		if !ok || (v == nil) != (w == nil) || (v != nil && *v != *w) {
			return false
		}
	}
	return len(a) == len(b)
}

// The token secrets of the auth collections stay the dir's own: the new-dir schema carries none.
func TestNewDirSchemaKeepsSecrets(t *testing.T) {
	raw, err := os.ReadFile("new_dir_schema.json")
	if err != nil {
		t.Fatal(err)
	}
	blank := strings.Count(string(raw), `\"secret\":\"\"`)
	if blank == 0 || strings.Count(string(raw), `\"secret\":\"`) != blank {
		t.Fatalf("new_dir_schema.json holds a token secret (or none of the blanks): %d blank", blank)
	}
	secrets := func(app core.App) []string {
		var out []string
		for _, name := range []string{schema.CollectionUsers, core.CollectionNameSuperusers} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{c.AuthToken.Secret, c.PasswordResetToken.Secret, c.EmailChangeToken.Secret, c.VerificationToken.Secret, c.FileToken.Secret} {
				if len(s) < 30 {
					t.Fatalf("%s has a secret of %d characters", name, len(s))
				}
				out = append(out, s)
			}
		}
		return out
	}
	a, b := newDir(t), newDir(t)
	before := secrets(a)
	runMigrations(t, a, migrationList(true))
	runMigrations(t, b, migrationList(true))
	after := secrets(a)
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("secret %d changed with the new-dir schema", i)
		}
	}
	for i, s := range secrets(b) {
		if s == after[i] {
			t.Errorf("two dirs share secret %d", i)
		}
	}
}

// laterAppMigrations counts Folio's migrations from NewDirSchemaBefore on: they run one by one
// after the new-dir schema.
func laterAppMigrations() int {
	n := 0
	for _, m := range core.AppMigrations.Items() {
		if m.File >= migrations.NewDirSchemaBefore {
			n++
		}
	}
	return n
}
