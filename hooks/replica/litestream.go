package replica

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/s3"
)

// This file is the only one that imports Litestream: its library API is not promised stable, so
// Folio pins one version in go.mod and reaches it through stream, openStream and restoreDB.

// errNoBackup says the replica holds no backup yet (a first start).
var errNoBackup = errors.New("the replica holds no backup yet")

// stream replicates one database while it is open.
type stream interface {
	// Positions returns the last transaction written locally and the last one the replica holds.
	Positions() (local, replicated uint64)
	// Sync ships what is written so far, waiting for the upload.
	Sync(ctx context.Context) error
	// Close ships what is left (bounded by ctx) and stops.
	Close(ctx context.Context) error
}

type litestreamStream struct {
	store *litestream.Store
	db    *litestream.DB
}

// openStream starts replicating the SQLite database at dbPath to cfg. Litestream opens its own
// connection through the same modernc.org/sqlite that PocketBase uses (one SQLite library in the
// process, so SQLite's POSIX locks stay coherent), holds a read transaction so no checkpoint
// passes what it has not copied, and copies the WAL into LTX files that it uploads every
// cfg.SyncInterval. Uploads that fail are retried; writes never wait for them.
func openStream(ctx context.Context, dbPath string, cfg Config, logger *slog.Logger) (stream, error) {
	db := litestream.NewDB(dbPath)
	db.SetLogger(logger)
	r := litestream.NewReplicaWithClient(db, newS3Client(cfg))
	db.MonitorInterval = cfg.SyncInterval // WAL → local LTX file
	r.SyncInterval = cfg.SyncInterval     // local LTX file → replica
	db.Replica = r

	store := litestream.NewStore([]*litestream.DB{db}, litestream.DefaultCompactionLevels)
	if err := store.Open(ctx); err != nil {
		return nil, fmt.Errorf("start replication to %s: %w", cfg, err)
	}
	return &litestreamStream{store: store, db: db}, nil
}

func (s *litestreamStream) Positions() (local, replicated uint64) {
	if pos, err := s.db.Pos(); err == nil {
		local = uint64(pos.TXID)
	}
	return local, uint64(s.db.Replica.Pos().TXID)
}

func (s *litestreamStream) Sync(ctx context.Context) error {
	return s.db.SyncAndWait(ctx)
}

func (s *litestreamStream) Close(ctx context.Context) error {
	return s.store.Close(ctx)
}

// restoreDB writes the replica's database, as of at (zero: the latest), to outPath, which must not
// exist, and checks its integrity. It returns errNoBackup when the replica is empty.
func restoreDB(ctx context.Context, cfg Config, outPath string, at time.Time, logger *slog.Logger) error {
	client := newS3Client(cfg)
	client.SetLogger(logger)
	if err := client.Init(ctx); err != nil {
		return fmt.Errorf("connect to %s: %w", cfg, err)
	}
	r := litestream.NewReplicaWithClient(nil, client)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = outPath
	opt.Timestamp = at
	opt.IntegrityCheck = litestream.IntegrityCheckFull
	err := r.Restore(ctx, opt)
	if errors.Is(err, litestream.ErrTxNotAvailable) || errors.Is(err, litestream.ErrNoSnapshots) {
		return errNoBackup
	}
	return err
}

func newS3Client(cfg Config) *s3.ReplicaClient {
	c := s3.NewReplicaClient()
	c.Bucket = cfg.Bucket
	c.Path = cfg.Path
	c.Region = cfg.Region
	c.Endpoint = cfg.Endpoint
	c.ForcePathStyle = cfg.Endpoint != "" // S3-compatible servers address buckets by path
	c.AccessKeyID = cfg.AccessKeyID
	c.SecretAccessKey = cfg.SecretKey
	return c
}
