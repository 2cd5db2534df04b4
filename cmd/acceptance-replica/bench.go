package main

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// benchConfig is one way of running Folio for the page-save benchmark.
type benchConfig struct {
	name        string
	synchronous string
	replicated  bool
}

// runBench measures page saves (one client, sequential updates of one page, each a new
// revision) under four configurations started side by side and taken in turns, round after
// round, so the machine's load falls on all of them alike; then, with restoreMB > 0, the restore
// time of a database of that size.
func runBench(b bins, s3 *s3Server, work string, interval time.Duration, saves, rounds, restoreMB int) error {
	if err := s3.bucket("bench"); err != nil {
		return err
	}
	configs := []benchConfig{
		{"NORMAL, no replica", "NORMAL", false},
		{"NORMAL, replica", "NORMAL", true},
		{"FULL, no replica", "FULL", false},
		{"FULL, replica", "FULL", true},
	}
	type runner struct {
		f     *folio
		user  *api
		page  string
		rev   int
		rates []float64
	}
	runners := make([]*runner, len(configs))
	for i, c := range configs {
		env := []string{"FOLIO_SYNCHRONOUS=" + c.synchronous}
		if c.replicated {
			env = append(env, replicaEnv(s3, fmt.Sprintf("s3://bench/c%d", i), interval)...)
		}
		f, err := startFolio(b.folio, filepath.Join(work, fmt.Sprintf("bench-%d", i)), env)
		if err != nil {
			return err
		}
		defer f.kill()
		_, user, space, err := session(f.base)
		if err != nil {
			return err
		}
		var p record
		if err := user.do("POST", "/api/collections/pages/records", map[string]any{"space": space, "locale": "en",
			"path": "bench/page", "title": "Bench", "body": "# Bench"}, &p); err != nil {
			return err
		}
		runners[i] = &runner{f: f, user: user, page: p.ID, rev: p.Revision}
	}
	body := strings.Repeat("A paragraph of a page that is saved again and again. ", 60) // ~3 KB
	for round := 0; round < rounds; round++ {
		for i, r := range runners {
			start := time.Now()
			for n := 0; n < saves; n++ {
				var p record
				if err := r.user.do("PATCH", "/api/collections/pages/records/"+r.page, map[string]any{
					"body": fmt.Sprintf("# Save %d\n\n%s", n, body), "base_revision": r.rev}, &p); err != nil {
					return fmt.Errorf("%s: %w", configs[i].name, err)
				}
				r.rev = p.Revision
			}
			r.rates = append(r.rates, float64(saves)/time.Since(start).Seconds())
		}
	}
	fmt.Printf("page saves (PATCH /api/collections/pages/records/:id, ~3 KB body, new revision each, one client), "+
		"%d rounds × %d saves, sync interval %s\n", rounds, saves, interval)
	fmt.Printf("%-22s %12s %12s   %s\n", "configuration", "median/s", "ms/save", "rounds")
	for i, r := range runners {
		med := median(r.rates)
		fmt.Printf("%-22s %12.1f %12.2f   %s\n", configs[i].name, med, 1000/med, fmtRates(r.rates))
	}
	for _, r := range runners {
		r.f.stop()
	}
	if restoreMB > 0 {
		return benchRestore(b, s3, work, interval, restoreMB)
	}
	return nil
}

// benchRestore makes a Folio database of about mb MB (its schema plus incompressible filler
// rows), replicates it, and times `folio restore` of it.
func benchRestore(b bins, s3 *s3Server, work string, interval time.Duration, mb int) error {
	dir := filepath.Join(work, "big")
	f, err := startFolio(b.folio, dir, nil)
	if err != nil {
		return err
	}
	f.stop()
	if err := fill(filepath.Join(dir, "data.db"), mb); err != nil {
		return err
	}
	url := "s3://bench/big"
	renv := replicaEnv(s3, url, interval)
	start := time.Now()
	f, err = startFolio(b.folio, dir, renv)
	if err != nil {
		return err
	}
	su, _, _, err := session(f.base)
	if err != nil {
		f.kill()
		return err
	}
	if _, err := waitInSync(su, 20*time.Minute); err != nil {
		f.kill()
		return err
	}
	first := time.Since(start)
	f.stop()
	fi, err := os.Stat(filepath.Join(dir, "data.db"))
	if err != nil {
		return err
	}
	restored := filepath.Join(work, "big-restored")
	start = time.Now()
	out, err := runFolio(b.folio, renv, "restore", "--from", url, "--dir", restored)
	if err != nil {
		return fmt.Errorf("folio restore: %v\n%s", err, out)
	}
	took := time.Since(start)
	fmt.Printf("database of %d MB: first replication (snapshot upload) %s; folio restore (download, apply, "+
		"integrity_check, page/index check) %s\n", fi.Size()>>20, first.Round(time.Second), took.Round(100*time.Millisecond))
	return nil
}

// fill adds about mb MB of random (incompressible) blobs to the database at path.
func fill(path string, mb int) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE IF NOT EXISTS bench_filler (id INTEGER PRIMARY KEY, b BLOB)"); err != nil {
		return err
	}
	rng := rand.New(rand.NewChaCha8([32]byte{1}))
	blob := make([]byte, 1<<20)
	for done := 0; done < mb; {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		for i := 0; i < 64 && done < mb; i, done = i+1, done+1 {
			for j := range blob {
				blob[j] = byte(rng.Uint32())
			}
			if _, err := tx.Exec("INSERT INTO bench_filler (b) VALUES (?)", blob); err != nil {
				tx.Rollback()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	_, err = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fmtRates(xs []float64) string {
	var parts []string
	for _, x := range xs {
		parts = append(parts, fmt.Sprintf("%.0f", x))
	}
	return strings.Join(parts, " ")
}
