// Package replica streams Folio's database to S3-compatible storage with Litestream embedded as a
// library, restores it to the latest state or a point in time (`folio restore`, `serve
// --restore-if-empty`), and sets how durable a commit is (FOLIO_SYNCHRONOUS).
//
// Only data.db is replicated: auxiliary.db holds PocketBase's request logs, which are written on
// every request and worth nothing after a restore.
package replica

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"
)

// Environment variables that configure the replica. The credentials are read from the
// environment only and never logged or answered by a route.
const (
	EnvURL          = "FOLIO_REPLICA_URL"               // s3://bucket/path
	EnvEndpoint     = "FOLIO_REPLICA_ENDPOINT"          // e.g. https://s3.example.com; empty = AWS
	EnvRegion       = "FOLIO_REPLICA_REGION"            // default us-east-1
	EnvAccessKeyID  = "FOLIO_REPLICA_ACCESS_KEY_ID"     // falls back to AWS_ACCESS_KEY_ID
	EnvSecretKey    = "FOLIO_REPLICA_SECRET_ACCESS_KEY" // falls back to AWS_SECRET_ACCESS_KEY
	EnvSyncInterval = "FOLIO_REPLICA_SYNC_INTERVAL"     // default 1s
)

// DefaultSyncInterval is how often the WAL is shipped to the replica unless EnvSyncInterval says
// otherwise: the replica's loss window.
const DefaultSyncInterval = time.Second

// Config names an S3-compatible replica of the database.
type Config struct {
	Bucket       string
	Path         string
	Endpoint     string
	Region       string
	AccessKeyID  string
	SecretKey    string
	SyncInterval time.Duration
}

// String shows the replica without its credentials, for logs and the status route.
func (c Config) String() string {
	s := "s3://" + c.Bucket + "/" + c.Path
	if c.Endpoint != "" {
		s += " at " + c.Endpoint
	}
	return s
}

// ConfigFromEnv reads the replica from the environment. ok is false when EnvURL is unset
// (replication off); an error names the variable that is wrong.
func ConfigFromEnv() (cfg Config, ok bool, err error) {
	raw := strings.TrimSpace(os.Getenv(EnvURL))
	if raw == "" {
		return Config{}, false, nil
	}
	cfg, err = ParseURL(raw)
	if err != nil {
		return Config{}, false, fmt.Errorf("%s: %w", EnvURL, err)
	}
	if err := cfg.fillFromEnv(); err != nil {
		return Config{}, false, err
	}
	return cfg, true, nil
}

// ParseURL reads s3://bucket/path. Credentials in the URL are refused, so they never reach a
// shell history or a process list.
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Config{}, fmt.Errorf("not a URL: %q", raw)
	}
	if u.Scheme != "s3" {
		return Config{}, fmt.Errorf("the replica URL must start with s3:// (got %q)", u.Scheme+"://")
	}
	if u.User != nil {
		return Config{}, errors.New("put the replica's credentials in " + EnvAccessKeyID + " and " +
			EnvSecretKey + ", not in the URL")
	}
	if u.Host == "" {
		return Config{}, errors.New("the replica URL names no bucket: use s3://bucket/path")
	}
	return Config{
		Bucket:       u.Host,
		Path:         strings.Trim(u.Path, "/"),
		Region:       "us-east-1",
		SyncInterval: DefaultSyncInterval,
	}, nil
}

// fillFromEnv completes cfg with the endpoint, region, credentials and sync interval.
func (c *Config) fillFromEnv() error {
	c.Endpoint = strings.TrimSpace(os.Getenv(EnvEndpoint))
	if r := strings.TrimSpace(os.Getenv(EnvRegion)); r != "" {
		c.Region = r
	}
	c.AccessKeyID = firstEnv(EnvAccessKeyID, "AWS_ACCESS_KEY_ID")
	c.SecretKey = firstEnv(EnvSecretKey, "AWS_SECRET_ACCESS_KEY")
	if v := strings.TrimSpace(os.Getenv(EnvSyncInterval)); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 10*time.Millisecond || d > time.Hour {
			return fmt.Errorf("%s: %q is not a duration between 10ms and 1h (e.g. 1s)", EnvSyncInterval, v)
		}
		c.SyncInterval = d
	}
	return nil
}

func firstEnv(names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(os.Getenv(n)); v != "" {
			return v
		}
	}
	return ""
}
