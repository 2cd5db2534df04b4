package replica

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"folio/hooks/schema"
)

// FlagRestoreIfEmpty makes `folio serve` restore data.db from FOLIO_REPLICA_URL when the data
// directory has none (an ephemeral container), before anything opens it.
const FlagRestoreIfEmpty = "restore-if-empty"

// AddServeFlags adds --restore-if-empty to root's persistent flags (PocketBase adds its serve
// command only when it starts).
func AddServeFlags(root *cobra.Command) {
	root.PersistentFlags().Bool(FlagRestoreIfEmpty, false,
		"serve: restore the database from "+EnvURL+" first when the data directory has none")
}

// restoreRequest is what the command line asks of the bootstrap: both the restore command and
// serve --restore-if-empty must write data.db before PocketBase opens (and creates) it.
type restoreRequest struct {
	command   string // "restore" or "serve"
	from      string
	timestamp string
	ifEmpty   bool
}

// parseArgs reads the flags Folio needs at bootstrap from the command line, ignoring the rest
// (cobra checks them all later).
func parseArgs(args []string) restoreRequest {
	fs := pflag.NewFlagSet("replica", pflag.ContinueOnError)
	fs.ParseErrorsAllowlist.UnknownFlags = true
	fs.SetOutput(discard{})
	var req restoreRequest
	fs.StringVar(&req.from, "from", "", "")
	fs.StringVar(&req.timestamp, "timestamp", "", "")
	fs.BoolVar(&req.ifEmpty, FlagRestoreIfEmpty, false, "")
	_ = fs.Parse(args)
	if fs.NArg() > 0 {
		req.command = fs.Arg(0)
	}
	return req
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// restoreOnBootstrap performs the restore that args ask for, into app's data directory.
func restoreOnBootstrap(app core.App, args []string) error {
	req := parseArgs(args)
	dbPath := filepath.Join(app.DataDir(), "data.db")
	logger := app.Logger().With(slog.String("concern", "replica"))
	switch {
	case req.command == "restore":
		cfg, at, err := req.restoreTarget()
		if err != nil {
			return err
		}
		if exists(dbPath) {
			return fmt.Errorf("%s already exists: restore into a new --dir, then swap the directories", dbPath)
		}
		if err := restoreInto(cfg, dbPath, at, logger); err != nil {
			if errors.Is(err, errNoBackup) {
				return fmt.Errorf("restore from %s: %w", cfg, err)
			}
			return err
		}
		return nil
	case req.command == "serve" && req.ifEmpty:
		cfg, ok, err := ConfigFromEnv()
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("--%s needs %s (and the replica's endpoint and credentials)", FlagRestoreIfEmpty, EnvURL)
		}
		if exists(dbPath) {
			logger.Info("Data directory has a database: no restore", slog.String("path", dbPath))
			return nil
		}
		err = restoreInto(cfg, dbPath, time.Time{}, logger)
		if errors.Is(err, errNoBackup) {
			logger.Info("Replica holds no backup yet: starting with a new database", slog.String("replica", cfg.String()))
			return nil
		}
		return err
	}
	return nil
}

// restoreTarget reads --from (with the endpoint and credentials of the environment) and
// --timestamp.
func (req restoreRequest) restoreTarget() (Config, time.Time, error) {
	if req.from == "" {
		return Config{}, time.Time{}, errors.New("restore needs --from s3://bucket/path")
	}
	cfg, err := ParseURL(req.from)
	if err != nil {
		return Config{}, time.Time{}, fmt.Errorf("--from: %w", err)
	}
	if err := cfg.fillFromEnv(); err != nil {
		return Config{}, time.Time{}, err
	}
	var at time.Time
	if req.timestamp != "" {
		if at, err = time.Parse(time.RFC3339Nano, req.timestamp); err != nil {
			return Config{}, time.Time{}, fmt.Errorf("--timestamp %q is not an RFC 3339 time such as 2026-12-03T15:04:05Z", req.timestamp)
		}
	}
	return cfg, at, nil
}

func restoreInto(cfg Config, dbPath string, at time.Time, logger *slog.Logger) error {
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o755); err != nil {
		return err
	}
	start := time.Now()
	logger.Info("Restoring the database", slog.String("replica", cfg.String()), slog.String("path", dbPath),
		slog.Time("timestamp", at))
	if err := restoreDB(context.Background(), cfg, dbPath, at, logger); err != nil {
		return err
	}
	logger.Info("Database restored", slog.String("path", dbPath), slog.String("took", time.Since(start).String()))
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Command returns "folio restore". The restore itself runs when PocketBase bootstraps, before
// it opens the data directory; the command then checks the restored database and reports.
func Command(app core.App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "restore --from s3://bucket/path [--timestamp <RFC 3339>] --dir <new pb_data>",
		Short: "Restore the database from its replica, to the latest state or a point in time",
		Long: "Writes <dir>/data.db from the replica (endpoint, region and credentials from " +
			EnvEndpoint + ", " + EnvRegion + ", " + EnvAccessKeyID + " and " + EnvSecretKey + "), as of " +
			"--timestamp or the latest state, then runs SQLite's integrity_check and compares the pages " +
			"with the search index. Refuses a --dir that already holds a database. Then serve it with " +
			"`folio serve --dir <dir>` (and check the audit trail with `folio audit verify --dir <dir>`).",
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rep, err := checkRestored(app)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), rep)
			return err
		},
	}
	cmd.Flags().String("from", "", "the replica, s3://bucket/path (required)")
	cmd.Flags().String("timestamp", "", "restore the state as of this RFC 3339 time (default: the latest)")
	_ = cmd.MarkFlagRequired("from")
	return cmd
}

// checkRestored runs integrity_check on app's data.db and compares the number of pages with the
// search index's rows.
func checkRestored(app core.App) (string, error) {
	var rows []struct {
		Result string `db:"integrity_check"`
	}
	if err := app.DB().NewQuery("PRAGMA integrity_check").All(&rows); err != nil {
		return "", fmt.Errorf("integrity_check: %w", err)
	}
	var problems []string
	for _, r := range rows {
		if r.Result != "ok" {
			problems = append(problems, r.Result)
		}
	}
	if len(problems) > 0 {
		return "", fmt.Errorf("restored database FAILS integrity_check: %s", strings.Join(problems, "; "))
	}
	pages, indexed, err := countIndexed(app)
	if err != nil {
		return "", err
	}
	if pages != indexed {
		return "", fmt.Errorf("restored database: %d pages but %d search index rows (run `folio search reindex`)", pages, indexed)
	}
	return fmt.Sprintf("restored %s: integrity_check ok, %d pages, %d search index rows",
		filepath.Join(app.DataDir(), "data.db"), pages, indexed), nil
}

// countIndexed counts pages and search index documents; a database without Folio's schema yet
// has neither.
func countIndexed(app core.App) (pages, indexed int, err error) {
	if !app.HasTable(schema.CollectionPages) {
		return 0, 0, nil
	}
	if err := app.DB().Select("count(*)").From(schema.CollectionPages).Row(&pages); err != nil {
		return 0, 0, err
	}
	if app.HasTable(schema.SearchDocsTable) {
		if err := app.DB().Select("count(*)").From(schema.SearchDocsTable).Row(&indexed); err != nil {
			return 0, 0, err
		}
	}
	return pages, indexed, nil
}
