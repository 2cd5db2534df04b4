// Command acceptance-replica drills Folio's replication against a real S3-compatible server
// (versitygw with its POSIX backend, started here on 127.0.0.1): writes while replicating, kill -9,
// restore into a new directory (integrity_check, search index, `folio audit verify`), the loss
// window, a point-in-time restore between two writes, the storage stopped during writes, and
// PocketBase's S3 file storage for avatars, attachments and backups. With -bench it measures
// page saves with replication on/off and synchronous NORMAL/FULL side by side, and the restore
// time of a database of -restore-mb.
//
//	go run ./cmd/acceptance-replica -folio ./folio -versitygw bin/versitygw [-outage 15s] [-bench]
package main

import (
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite"
)

func main() {
	folioBin := flag.String("folio", "./folio", "the folio binary")
	vgwBin := flag.String("versitygw", "bin/versitygw", "the versitygw binary (built from tools/go.mod)")
	interval := flag.Duration("interval", time.Second, "FOLIO_REPLICA_SYNC_INTERVAL")
	load := flag.Duration("load", 8*time.Second, "how long to write before the kill -9")
	outage := flag.Duration("outage", 15*time.Second, "how long the storage is stopped during writes")
	bench := flag.Bool("bench", false, "run the benchmarks instead of the drill")
	saves := flag.Int("saves", 200, "bench: page saves per configuration and round")
	rounds := flag.Int("rounds", 3, "bench: rounds")
	restoreMB := flag.Int("restore-mb", 0, "bench: measure the restore of a database of this many MB (0: skip)")
	flag.Parse()

	work, err := os.MkdirTemp("", "folio-replica-")
	if err != nil {
		log.Fatal(err)
	}
	if os.Getenv("FOLIO_DRILL_KEEP") == "" {
		defer os.RemoveAll(work)
	} else {
		fmt.Println("keeping", work)
	}
	bins := bins{folio: abs(*folioBin), vgw: abs(*vgwBin)}
	s3, err := startS3(bins.vgw, filepath.Join(work, "s3"), freePort())
	if err != nil {
		log.Fatal(err)
	}
	defer func() { s3.stop() }()

	if *bench {
		err = runBench(bins, s3, work, *interval, *saves, *rounds, *restoreMB)
	} else {
		err = runDrill(bins, s3, work, *interval, *load, *outage)
	}
	if err != nil {
		s3.stop()
		fmt.Println("acceptance-replica: FAIL:", err)
		os.Exit(1)
	}
}

type bins struct{ folio, vgw string }

func abs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		log.Fatal(err)
	}
	return a
}

func runDrill(b bins, s3 *s3Server, work string, interval, load, outage time.Duration) error {
	if err := s3.bucket("drill"); err != nil {
		return err
	}
	if err := killAndRestore(b, s3, work, interval, load); err != nil {
		return fmt.Errorf("kill -9 and restore: %w", err)
	}
	if err := storageOutage(b, s3, work, interval, outage); err != nil {
		return fmt.Errorf("storage outage: %w", err)
	}
	if err := backupWhileReplicating(b, s3, work, interval); err != nil {
		return fmt.Errorf("backup while replicating: %w", err)
	}
	if err := fileStorage(b, s3, work); err != nil {
		return fmt.Errorf("S3 file storage: %w", err)
	}
	fmt.Println("acceptance-replica: all checks passed")
	return nil
}

// killAndRestore writes pages while replicating, kills Folio with SIGKILL, deletes its data
// directory, restores into a new one and checks what came back; then restores to a point in
// time between two writes.
func killAndRestore(b bins, s3 *s3Server, work string, interval, load time.Duration) error {
	url := "s3://drill/kill"
	renv := replicaEnv(s3, url, interval)
	dir := filepath.Join(work, "kill-data")
	f, err := startFolio(b.folio, dir, renv)
	if err != nil {
		return err
	}
	defer f.kill()
	su, user, space, err := session(f.base)
	if err != nil {
		return err
	}

	// Point in time: write a, wait until it is replicated, mark t, then write b.
	if err := createPage(user, space, "pitr/first"); err != nil {
		return err
	}
	if _, err := waitInSync(su, 30*time.Second); err != nil {
		return err
	}
	time.Sleep(interval + 500*time.Millisecond)
	mark := time.Now().UTC()
	time.Sleep(interval + 500*time.Millisecond)
	if err := createPage(user, space, "pitr/second"); err != nil {
		return err
	}
	if _, err := waitInSync(su, 30*time.Second); err != nil {
		return err
	}

	// Write as fast as one client can for `load`, then kill -9 in the middle of it.
	acked := map[string]time.Time{}
	stop := time.Now().Add(load)
	for i := 0; time.Now().Before(stop); i++ {
		p := fmt.Sprintf("load/p%05d", i)
		if err := createPage(user, space, p); err != nil {
			return fmt.Errorf("write %s: %w\nFolio's log ends:\n%s", p, err, tail(f.out.String(), 3000))
		}
		acked[p] = time.Now()
	}
	// one more write in flight while the process dies
	go func() { _ = createPage(user, space, "load/in-flight") }()
	time.Sleep(20 * time.Millisecond)
	killedAt := time.Now()
	f.kill()
	if err := os.RemoveAll(dir); err != nil {
		return err
	}

	restored := filepath.Join(work, "kill-restored")
	start := time.Now()
	out, err := runFolio(b.folio, renv, "restore", "--from", url, "--dir", restored)
	if err != nil {
		return fmt.Errorf("folio restore: %v\n%s", err, out)
	}
	took := time.Since(start)
	fmt.Printf("restore: %s (%s)\n", lastLine(out), took.Round(time.Millisecond))
	if out, err := runFolio(b.folio, nil, "audit", "verify", "--dir", restored); err != nil {
		return fmt.Errorf("folio audit verify: %v\n%s", err, out)
	} else {
		fmt.Println("audit verify:", lastLine(out))
	}
	paths, err := pagePaths(filepath.Join(restored, "data.db"))
	if err != nil {
		return err
	}
	var lost int
	var window time.Duration // age at the kill of the oldest acknowledged write not restored
	for p, at := range acked {
		if !paths[p] {
			lost++
			window = max(window, killedAt.Sub(at))
		}
	}
	fmt.Printf("kill -9 after %d acknowledged page creations in %s (sync interval %s): %d not restored, "+
		"loss window %s (age at the kill of the oldest lost write)\n",
		len(acked), load, interval, lost, window.Round(time.Millisecond))
	if !paths["pitr/first"] || !paths["pitr/second"] {
		return errors.New("the two earlier writes are not in the latest restore")
	}
	if bound := 2 * interval; window > bound {
		return fmt.Errorf("a write acknowledged %s before the kill was lost (bound: 2 × sync interval = %s)", window, bound)
	}

	// Point in time between the two writes: exactly the first.
	pitr := filepath.Join(work, "pitr-restored")
	out, err = runFolio(b.folio, renv, "restore", "--from", url, "--timestamp", mark.Format(time.RFC3339Nano), "--dir", pitr)
	if err != nil {
		return fmt.Errorf("folio restore --timestamp: %v\n%s", err, out)
	}
	paths, err = pagePaths(filepath.Join(pitr, "data.db"))
	if err != nil {
		return err
	}
	if !paths["pitr/first"] || paths["pitr/second"] || len(paths) != 1 {
		return fmt.Errorf("restore at %s: want exactly pitr/first, got %v", mark.Format(time.RFC3339Nano), keys(paths))
	}
	fmt.Printf("point-in-time restore at %s: exactly the first of two writes (%s)\n", mark.Format(time.RFC3339Nano), lastLine(out))
	return nil
}

// storageOutage stops the S3 server for `outage` while a client writes steadily: every write
// must succeed, the status route and the log must say the replica is behind, and it must catch
// up once the storage is back; a restore then holds every write.
func storageOutage(b bins, s3 *s3Server, work string, interval, outage time.Duration) error {
	url := "s3://drill/outage"
	renv := replicaEnv(s3, url, interval)
	f, err := startFolio(b.folio, filepath.Join(work, "outage-data"), renv)
	if err != nil {
		return err
	}
	defer f.kill()
	su, user, space, err := session(f.base)
	if err != nil {
		return err
	}
	if _, err := waitInSync(su, 30*time.Second); err != nil {
		return err
	}
	var written []string
	var slowest time.Duration
	write := func() error {
		p := fmt.Sprintf("outage/p%05d", len(written))
		t := time.Now()
		if err := createPage(user, space, p); err != nil {
			return fmt.Errorf("write during the outage failed: %w\nFolio's log ends:\n%s", err, tail(f.out.String(), 3000))
		}
		slowest = max(slowest, time.Since(t))
		written = append(written, p)
		return nil
	}
	steady := func(d time.Duration) error {
		for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
			if err := write(); err != nil {
				return err
			}
		}
		return nil
	}
	if err := steady(2 * time.Second); err != nil {
		return err
	}
	s3.stop()
	if err := steady(outage); err != nil {
		return err
	}
	var st replicaState
	if err := su.do("GET", "/api/folio/replica", nil, &st); err != nil {
		return err
	}
	if st.InSync || st.BehindSeconds <= 0 {
		return fmt.Errorf("storage down for %s but the status says %+v", outage, st)
	}
	fmt.Printf("storage stopped for %s: %d writes, none failed, slowest %s; status: %.1fs and %d transactions behind\n",
		outage, len(written), slowest.Round(time.Millisecond), st.BehindSeconds, st.BehindTransactions)
	if err := s3.start(); err != nil {
		return err
	}
	back := time.Now()
	if _, err := waitInSync(su, 2*time.Minute); err != nil {
		return err
	}
	fmt.Printf("storage back: replica caught up %s after the restart\n", time.Since(back).Round(time.Millisecond))
	if err := steady(2 * time.Second); err != nil {
		return err
	}
	if _, err := waitInSync(su, time.Minute); err != nil {
		return err
	}
	f.stop()
	if outage >= 10*time.Second {
		n, err := countLogs(filepath.Join(f.dir, "auxiliary.db"), "Replica is behind%")
		if err != nil {
			return err
		}
		if n == 0 {
			return errors.New("no 'Replica is behind' line in Folio's log (dashboard > Logs) during the outage")
		}
		fmt.Printf("Folio's log: %d 'Replica is behind' line(s) during the outage\n", n)
	}
	restored := filepath.Join(work, "outage-restored")
	if out, err := runFolio(b.folio, renv, "restore", "--from", url, "--dir", restored); err != nil {
		return fmt.Errorf("folio restore: %v\n%s", err, out)
	}
	paths, err := pagePaths(filepath.Join(restored, "data.db"))
	if err != nil {
		return err
	}
	for _, p := range written {
		if !paths[p] {
			return fmt.Errorf("%s, written during the outage, is not in the restore", p)
		}
	}
	fmt.Printf("restore after the outage: all %d writes there\n", len(written))
	return nil
}

func pagePaths(dbPath string) (map[string]bool, error) {
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query("SELECT path FROM pages")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	paths := map[string]bool{}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		paths[p] = true
	}
	return paths, rows.Err()
}

// countLogs counts PocketBase log entries (auxiliary.db) whose message is LIKE pattern.
func countLogs(auxPath, pattern string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+auxPath+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRow("SELECT count(*) FROM _logs WHERE message LIKE ?", pattern).Scan(&n)
	return n, err
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
