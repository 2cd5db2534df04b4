package replica

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	cfg, err := ParseURL("s3://folio-backups/prod/data")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Bucket != "folio-backups" || cfg.Path != "prod/data" || cfg.SyncInterval != DefaultSyncInterval {
		t.Fatalf("parsed %+v", cfg)
	}
	for _, bad := range []string{"http://bucket/x", "s3:///path", "s3://key:secret@bucket/x", "::"} {
		if _, err := ParseURL(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestConfigFromEnv(t *testing.T) {
	t.Setenv(EnvURL, "")
	if _, ok, err := ConfigFromEnv(); ok || err != nil {
		t.Fatalf("unset URL: ok=%v err=%v", ok, err)
	}
	t.Setenv(EnvURL, "s3://b/p")
	t.Setenv(EnvEndpoint, "http://127.0.0.1:7070")
	t.Setenv(EnvAccessKeyID, "AKIDFOLIO")
	t.Setenv(EnvSecretKey, "very-secret-key")
	t.Setenv(EnvSyncInterval, "250ms")
	cfg, ok, err := ConfigFromEnv()
	if err != nil || !ok {
		t.Fatalf("ok=%v err=%v", ok, err)
	}
	if cfg.SyncInterval != 250*time.Millisecond || cfg.AccessKeyID != "AKIDFOLIO" || cfg.Endpoint != "http://127.0.0.1:7070" {
		t.Fatalf("cfg %+v", cfg)
	}
	if s := cfg.String(); strings.Contains(s, "very-secret-key") || strings.Contains(s, "AKIDFOLIO") {
		t.Fatalf("String() shows credentials: %s", s)
	}
	t.Setenv(EnvSyncInterval, "soon")
	if _, _, err := ConfigFromEnv(); err == nil || !strings.Contains(err.Error(), EnvSyncInterval) {
		t.Fatalf("bad interval: %v", err)
	}
}

func TestParseArgs(t *testing.T) {
	req := parseArgs([]string{"serve", "--http", "127.0.0.1:8090", "--dir=/tmp/x", "--restore-if-empty"})
	if req.command != "serve" || !req.ifEmpty {
		t.Fatalf("serve: %+v", req)
	}
	req = parseArgs([]string{"--dir", "/tmp/new", "restore", "--from", "s3://b/p", "--timestamp=2026-12-03T15:04:05Z"})
	if req.command != "restore" || req.from != "s3://b/p" || req.timestamp != "2026-12-03T15:04:05Z" {
		t.Fatalf("restore: %+v", req)
	}
	if _, _, err := (restoreRequest{command: "restore", from: "s3://b/p", timestamp: "yesterday"}).restoreTarget(); err == nil {
		t.Fatal("bad timestamp accepted")
	}
	if _, _, err := (restoreRequest{command: "restore"}).restoreTarget(); err == nil {
		t.Fatal("missing --from accepted")
	}
}

func TestDBConnectSynchronous(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		env, file string
		want      int // PRAGMA synchronous: 1 NORMAL, 2 FULL
	}{
		{"", "data.db", 1},
		{"full", "data.db", 2},
		{"FULL", "auxiliary.db", 1},
		{"NORMAL", "data.db", 1},
	} {
		t.Setenv(EnvSynchronous, c.env)
		db, err := DBConnect(filepath.Join(dir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		var got int
		if err := db.NewQuery("PRAGMA synchronous").Row(&got); err != nil {
			t.Fatal(err)
		}
		var mode string
		if err := db.NewQuery("PRAGMA journal_mode").Row(&mode); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if got != c.want || mode != "wal" {
			t.Errorf("%s=%q %s: synchronous %d journal %s, want %d wal", EnvSynchronous, c.env, c.file, got, mode, c.want)
		}
	}
	t.Setenv(EnvSynchronous, "OFF")
	if _, err := DBConnect(filepath.Join(dir, "data.db")); err == nil || !strings.Contains(err.Error(), "FULL") {
		t.Fatalf("OFF accepted: %v", err)
	}
}

// fakePositions stands in for Litestream's positions so the tracker's arithmetic and log lines
// can be checked; replication itself is tested against a real S3 server in
// cmd/acceptance-replica.
type fakePositions struct{ local, replicated uint64 }

func (f *fakePositions) Positions() (uint64, uint64) { return f.local, f.replicated }
func (f *fakePositions) Sync(context.Context) error  { return nil }
func (f *fakePositions) Close(context.Context) error { return nil }

func TestTrackerLag(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	p := &fakePositions{local: 10, replicated: 10}
	cfg := Config{Bucket: "b", Path: "p", SyncInterval: time.Second, SecretKey: "very-secret-key"}
	t0 := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	tr := newTracker(cfg, p, logger, t0)
	if d := tr.check(t0); !d.InSync || d.BehindSeconds != 0 {
		t.Fatalf("in sync: %+v", d)
	}
	p.local = 25
	d := tr.check(t0.Add(30 * time.Second))
	if d.InSync || d.BehindTransactions != 15 || d.BehindSeconds != 30 {
		t.Fatalf("behind: %+v", d)
	}
	if !strings.Contains(buf.String(), "Replica is behind") || !strings.Contains(buf.String(), "behindSeconds=30") {
		t.Fatalf("no lag log line: %s", buf.String())
	}
	buf.Reset()
	tr.check(t0.Add(35 * time.Second)) // within lagLogEvery: no second line
	if buf.Len() != 0 {
		t.Fatalf("logged again too soon: %s", buf.String())
	}
	p.replicated = 25
	if d := tr.check(t0.Add(40 * time.Second)); !d.InSync {
		t.Fatalf("caught up: %+v", d)
	}
	if !strings.Contains(buf.String(), "Replica caught up") {
		t.Fatalf("no catch-up line: %s", buf.String())
	}
	if strings.Contains(buf.String(), "very-secret-key") {
		t.Fatal("credentials in the log")
	}
}

// A transaction on data.db that reads, lets another connection commit, then writes must not
// fail: that is Litestream's bookkeeping write racing a page save. With IMMEDIATE transactions
// the other connection waits for the transaction to end instead.
func TestDBConnectTransactionsBeginImmediate(t *testing.T) {
	t.Setenv(EnvSynchronous, "")
	path := filepath.Join(t.TempDir(), "data.db")
	app, err := DBConnect(path)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	other, err := DBConnect(path) // stands in for Litestream's own connection
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := app.NewQuery("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)").Execute(); err != nil {
		t.Fatal(err)
	}
	tx, err := app.Begin()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.NewQuery("SELECT count(*) FROM t").Row(&n); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := other.NewQuery("INSERT INTO t (v) VALUES ('other')").Execute()
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("the other connection wrote inside the transaction (err %v): transactions are not IMMEDIATE", err)
	case <-time.After(300 * time.Millisecond):
	}
	if _, err := tx.NewQuery("INSERT INTO t (v) VALUES ('app')").Execute(); err != nil {
		t.Fatalf("write after read: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the other connection, after the commit: %v", err)
	}
}
