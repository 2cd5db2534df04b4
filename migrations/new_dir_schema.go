package migrations

import (
	"crypto/sha256"
	"database/sql"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"
)

// NewDirSchemaFile is the migration that gives a new data dir Folio's whole schema in one pass.
// Its name sorts before every migration it stands for, so the runner reaches it first.
const NewDirSchemaFile = "1795000000_new_dir_schema.go"

// NewDirSchemaBefore bounds the migrations the new-dir schema stands for: every Folio migration
// whose file name sorts before it. Migrations from this one on run after it as usual, on new and
// existing dirs alike.
const NewDirSchemaBefore = "1798000000"

// newDirSchemaJSON is the end state of the migrations before NewDirSchemaBefore, written by
// `go test ./migrations -run TestNewDirSchema -update` from a real run of those migrations on a
// new data dir; TestNewDirSchemaEqualsIncremental proves applying it gives the same database.
//
//go:embed new_dir_schema.json
var newDirSchemaJSON []byte

// NewDirSchema is what a run of the migrations before NewDirSchemaBefore does to a data dir that
// has only PocketBase's own system schema.
type NewDirSchema struct {
	// Replaces names the migrations it stands for, in order; they are recorded as applied.
	Replaces []string `json:"replaces"`
	// Base is the fingerprint (BaseFingerprint) of the schema it applies to.
	Base string `json:"base"`
	// Drop names base objects the migrations changed or removed; they must be empty tables.
	Drop []NewDirObject `json:"drop"`
	// Create holds the statements creating every new or changed table, index, trigger and
	// virtual table, in the order SQLite lists them after the incremental run.
	Create []string `json:"create"`
	// Collections are the _collections rows written or rewritten, every column as stored except
	// the auth collections' token secrets, which are blank here: applying keeps the dir's own
	// (or makes new ones for a new auth collection). created and updated are the time of applying.
	Collections []map[string]*string `json:"collections"`
	// Settings is the settings object as stored after the migrations.
	Settings json.RawMessage `json:"settings"`
	// Stats are the query planner's statistics (sqlite_stat1 rows: table, index, stat) as
	// PocketBase's PRAGMA optimize after each table sync leaves them.
	Stats [][3]string `json:"stats"`
}

// NewDirObject is one sqlite_master entry.
type NewDirObject struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// applyNewDirSchema is the Up of NewDirSchemaFile: on a dir that has no Folio migration applied
// and exactly the system schema the snapshot was taken from, it creates the final schema and
// records the migrations it replaces as applied, so the runner skips them. Anywhere else it does
// nothing and the migrations run one by one.
func applyNewDirSchema(app core.App) error {
	var s NewDirSchema
	if err := json.Unmarshal(newDirSchemaJSON, &s); err != nil {
		return fmt.Errorf("new-dir schema: %w", err)
	}
	ok, err := newDirSchemaApplies(app, &s)
	if err != nil || !ok {
		return err
	}
	for _, o := range s.Drop {
		if _, err := app.DB().NewQuery(fmt.Sprintf("DROP %s IF EXISTS [[%s]]", o.Type, o.Name)).Execute(); err != nil {
			return fmt.Errorf("new-dir schema: drop %s: %w", o.Name, err)
		}
	}
	// one call for all the statements: SQLite runs them in turn, without a round trip through
	// the query builder for each
	if _, err := app.DB().NewQuery(strings.Join(s.Create, ";\n")).Execute(); err != nil {
		return fmt.Errorf("new-dir schema: create: %w", err)
	}
	now := types.NowDateTime().String()
	for _, row := range s.Collections {
		params := dbx.Params{}
		for col, v := range row {
			switch {
			case col == "created" || col == "updated":
				params[col] = now
			case v == nil:
				params[col] = nil
			default:
				params[col] = *v
			}
		}
		var current, created string
		err := app.DB().Select("options", "created").From("_collections").Where(dbx.HashExp{"id": params["id"]}).Row(&current, &created)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if created != "" {
			params["created"] = created // an existing collection keeps its creation time
		}
		if opts, ok := params["options"].(string); ok {
			if params["options"], err = fillSecrets(opts, current); err != nil {
				return fmt.Errorf("new-dir schema: collection %v: %w", params["name"], err)
			}
		}
		if _, err := app.DB().Delete("_collections", dbx.HashExp{"id": params["id"]}).Execute(); err != nil {
			return err
		}
		if _, err := app.DB().Insert("_collections", params).Execute(); err != nil {
			return fmt.Errorf("new-dir schema: collection %v: %w", params["name"], err)
		}
	}
	if len(s.Settings) > 0 && string(s.Settings) != "null" {
		settings := app.Settings()
		if err := json.Unmarshal(s.Settings, settings); err != nil {
			return fmt.Errorf("new-dir schema: settings: %w", err)
		}
		if err := app.Save(settings); err != nil {
			return fmt.Errorf("new-dir schema: settings: %w", err)
		}
	}
	if s.Stats != nil {
		if _, err := app.DB().NewQuery("DELETE FROM sqlite_stat1").Execute(); err != nil {
			return fmt.Errorf("new-dir schema: stats: %w", err)
		}
		for _, st := range s.Stats {
			if _, err := app.DB().Insert("sqlite_stat1", dbx.Params{"tbl": st[0], "idx": st[1], "stat": st[2]}).Execute(); err != nil {
				return fmt.Errorf("new-dir schema: stats: %w", err)
			}
		}
		// the planner rereads the statistics
		if _, err := app.DB().NewQuery("ANALYZE sqlite_schema").Execute(); err != nil {
			return fmt.Errorf("new-dir schema: stats: %w", err)
		}
	}
	applied := types.NowDateTime().Time().UnixMicro()
	for _, file := range s.Replaces {
		if _, err := app.DB().Insert(core.DefaultMigrationsTable, dbx.Params{"file": file, "applied": applied}).Execute(); err != nil {
			return fmt.Errorf("new-dir schema: record %s: %w", file, err)
		}
	}
	return app.ReloadCachedCollections()
}

// newDirSchemaApplies reports whether s can stand for its migrations here: none of them is
// applied, they are exactly the registered migrations before NewDirSchemaBefore, the schema is
// the one s was taken from, and the tables s replaces are empty.
func newDirSchemaApplies(app core.App, s *NewDirSchema) (bool, error) {
	if !slices.Equal(ReplacedMigrations(core.AppMigrations), s.Replaces) {
		return false, nil
	}
	var applied int
	files := make([]any, len(s.Replaces))
	for i, f := range s.Replaces {
		files[i] = f
	}
	err := app.DB().Select("count(*)").From(core.DefaultMigrationsTable).
		Where(dbx.In("file", files...)).Row(&applied)
	if err != nil || applied > 0 {
		return false, err
	}
	base, err := BaseFingerprint(app)
	if err != nil || base != s.Base {
		return false, err
	}
	for _, o := range s.Drop {
		if o.Type != "table" {
			continue
		}
		var rows int
		if err := app.DB().Select("count(*)").From(o.Name).Row(&rows); err != nil || rows > 0 {
			return false, err
		}
	}
	return true, nil
}

// ReplacedMigrations lists the migrations of list that the new-dir schema stands for.
func ReplacedMigrations(list core.MigrationsList) []string {
	var files []string
	for _, m := range list.Items() {
		if m.File != NewDirSchemaFile && m.File < NewDirSchemaBefore {
			files = append(files, m.File)
		}
	}
	return files
}

// BaseFingerprint hashes a database's schema (sqlite_master's entries) and its collections
// (their _collections rows without created/updated), so the new-dir schema applies only to the
// exact state it was taken from.
func BaseFingerprint(app core.App) (string, error) {
	var objects []struct {
		Type  string `db:"type"`
		Name  string `db:"name"`
		Table string `db:"tbl_name"`
		SQL   string `db:"sql"`
	}
	err := app.DB().NewQuery("SELECT type, name, tbl_name, coalesce(sql, '') AS sql FROM sqlite_master ORDER BY type, name").All(&objects)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, o := range objects {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\n", o.Type, o.Name, o.Table, o.SQL)
	}
	rows, err := CollectionRows(app)
	if err != nil {
		return "", err
	}
	for _, row := range rows {
		cols := make([]string, 0, len(row))
		for col := range row {
			if col != "created" && col != "updated" {
				cols = append(cols, col)
			}
		}
		sort.Strings(cols)
		for _, col := range cols {
			v := "\x01null"
			if row[col] != nil {
				v = ScrubSecrets(*row[col])
			}
			fmt.Fprintf(h, "%s=%s\x00", col, v)
		}
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// CollectionRows returns every _collections row by id, each column as stored (nil for NULL).
func CollectionRows(app core.App) ([]map[string]*string, error) {
	var raw []dbx.NullStringMap
	if err := app.DB().NewQuery("SELECT * FROM {{_collections}} ORDER BY id").All(&raw); err != nil {
		return nil, err
	}
	rows := make([]map[string]*string, len(raw))
	for i, r := range raw {
		row := make(map[string]*string, len(r))
		for col, v := range r {
			if v.Valid {
				s := v.String
				row[col] = &s
			} else {
				row[col] = nil
			}
		}
		rows[i] = row
	}
	return rows, nil
}

// secretPattern finds the token secrets in an auth collection's stored options.
var secretPattern = regexp.MustCompile(`"secret":"(?:[^"\\]|\\.)*"`)

// ScrubSecrets blanks every token secret in stored collection options.
func ScrubSecrets(options string) string {
	return secretPattern.ReplaceAllLiteralString(options, `"secret":""`)
}

// fillSecrets puts the secrets of current (the options the collection has now, in the same
// shape) into the blanks of options, in order; with no current options, each blank gets a new
// random secret as PocketBase makes them.
func fillSecrets(options, current string) (string, error) {
	have := secretPattern.FindAllString(current, -1)
	blanks := secretPattern.FindAllStringIndex(options, -1)
	if current != "" && len(have) != len(blanks) {
		return "", fmt.Errorf("options have %d token secrets, the dir has %d", len(blanks), len(have))
	}
	var b strings.Builder
	last := 0
	for i, loc := range blanks {
		b.WriteString(options[last:loc[0]])
		if current != "" {
			b.WriteString(have[i])
		} else {
			b.WriteString(`"secret":"` + security.RandomString(50) + `"`)
		}
		last = loc[1]
	}
	b.WriteString(options[last:])
	return b.String(), nil
}
