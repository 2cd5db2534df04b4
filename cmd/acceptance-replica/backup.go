package main

import (
	"fmt"
	"path/filepath"
	"sync"
	"time"
)

// backupWhileReplicating creates a PocketBase backup (which runs a TRUNCATE checkpoint) while a
// client writes every 50 ms and Litestream holds its read transaction: no write may fail; the
// slowest write and the backup's time are reported.
func backupWhileReplicating(b bins, s3 *s3Server, work string, interval time.Duration) error {
	f, err := startFolio(b.folio, filepath.Join(work, "backup-data"), replicaEnv(s3, "s3://drill/backup", interval))
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
	var (
		wg      sync.WaitGroup
		stop    = make(chan struct{})
		slowest time.Duration
		n       int
		werr    error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			t := time.Now()
			if err := createPage(user, space, fmt.Sprintf("backup/p%05d", n)); err != nil {
				werr = err
				return
			}
			slowest = max(slowest, time.Since(t))
			n++
		}
	}()
	time.Sleep(time.Second)
	start := time.Now()
	berr := su.do("POST", "/api/backups", map[string]string{"name": "while_replicating.zip"}, nil)
	took := time.Since(start)
	time.Sleep(time.Second)
	close(stop)
	wg.Wait()
	if werr != nil {
		return fmt.Errorf("a write failed while a backup was taken: %w", werr)
	}
	if berr != nil {
		return fmt.Errorf("backup while replicating: %w", berr)
	}
	fmt.Printf("PocketBase backup while replicating: took %s; %d writes beside it, none failed, slowest %s\n",
		took.Round(time.Millisecond), n, slowest.Round(time.Millisecond))
	return nil
}
