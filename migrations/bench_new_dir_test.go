package migrations_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// BenchmarkNewDirMigrations times Folio's migrations on a new data dir (system schema only), the
// way the first `serve` runs them: one by one (the path before the new-dir schema, and still the
// path of an existing dir) against the new-dir schema, alternating within each iteration, and
// reports both and their ratio.
//
//	go test ./migrations -run '^$' -bench NewDirMigrations -benchtime 10x -count 3
func BenchmarkNewDirMigrations(b *testing.B) {
	lists := []core.MigrationsList{migrationList(false), migrationList(true)}
	var spent [2]time.Duration
	for i := 0; i < b.N; i++ {
		for k := range lists {
			which := (i + k) % 2 // alternate which path goes first
			b.StopTimer()
			app := core.NewBaseApp(core.BaseAppConfig{DataDir: b.TempDir()})
			if err := app.Bootstrap(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			start := time.Now()
			if _, err := core.NewMigrationsRunner(app, lists[which]).Up(); err != nil {
				b.Fatal(err)
			}
			spent[which] += time.Since(start)
			b.StopTimer()
			app.ResetBootstrapState()
			b.StartTimer()
		}
	}
	incremental := float64(spent[0].Microseconds()) / 1000 / float64(b.N)
	schema := float64(spent[1].Microseconds()) / 1000 / float64(b.N)
	b.ReportMetric(incremental, "incremental-ms/op")
	b.ReportMetric(schema, "new_dir_schema-ms/op")
	b.ReportMetric(incremental/schema, "ratio")
}

// BenchmarkNewDirSchema is the new-dir schema alone, for profiling.
func BenchmarkNewDirSchema(b *testing.B) {
	list := migrationList(true)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		app := core.NewBaseApp(core.BaseAppConfig{DataDir: b.TempDir()})
		if err := app.Bootstrap(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := core.NewMigrationsRunner(app, list).Up(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		app.ResetBootstrapState()
		b.StartTimer()
	}
}
