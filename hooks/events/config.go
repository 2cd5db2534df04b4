package events

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config holds the webhook worker's settings. ConfigFromEnv reads them from the environment;
// the defaults suit a public deployment.
type Config struct {
	// AllowPrivate lets webhooks reach private, loopback and link-local addresses
	// (FOLIO_WEBHOOK_ALLOW_PRIVATE=true): for tests and deployments inside a private network.
	AllowPrivate bool
	// AllowNets lets webhooks reach these networks only, among the refused ones
	// (FOLIO_WEBHOOK_ALLOW_NETS, comma-separated CIDRs, e.g. "10.1.2.0/24").
	AllowNets []netip.Prefix
	// RetryBase is the first retry's delay (FOLIO_WEBHOOK_RETRY_BASE, default 10s); each
	// retry doubles it, up to RetryMax (FOLIO_WEBHOOK_RETRY_MAX, default 1h), with jitter.
	RetryBase, RetryMax time.Duration
	// RetryWindow is how long a delivery is retried before it fails and its webhook is disabled
	// (FOLIO_WEBHOOK_RETRY_WINDOW, default 24h).
	RetryWindow time.Duration
	// Timeout bounds one attempt, connection to last byte (FOLIO_WEBHOOK_TIMEOUT, default 10s).
	Timeout time.Duration
	// Poll is how often the worker looks for due work when nothing wakes it (default 1s).
	Poll time.Duration
	// Resolver resolves webhook hosts; nil is the system's.
	Resolver *net.Resolver
}

// MaxResponseBytes caps how much of a receiver's answer is read; ExcerptBytes how much of it
// the deliveries log keeps.
const (
	MaxResponseBytes = 64 << 10
	ExcerptBytes     = 1024
	maxRedirects     = 3
)

// DefaultConfig is the configuration with no environment set.
func DefaultConfig() Config {
	return Config{RetryBase: 10 * time.Second, RetryMax: time.Hour, RetryWindow: 24 * time.Hour,
		Timeout: 10 * time.Second, Poll: time.Second}
}

// ConfigFromEnv is DefaultConfig with the FOLIO_WEBHOOK_* variables applied.
func ConfigFromEnv() (Config, error) {
	c := DefaultConfig()
	if v := os.Getenv("FOLIO_WEBHOOK_ALLOW_PRIVATE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("FOLIO_WEBHOOK_ALLOW_PRIVATE: %w", err)
		}
		c.AllowPrivate = b
	}
	for _, s := range strings.Split(os.Getenv("FOLIO_WEBHOOK_ALLOW_NETS"), ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return c, fmt.Errorf("FOLIO_WEBHOOK_ALLOW_NETS: %w", err)
		}
		c.AllowNets = append(c.AllowNets, p)
	}
	for name, d := range map[string]*time.Duration{
		"FOLIO_WEBHOOK_RETRY_BASE": &c.RetryBase, "FOLIO_WEBHOOK_RETRY_MAX": &c.RetryMax,
		"FOLIO_WEBHOOK_RETRY_WINDOW": &c.RetryWindow, "FOLIO_WEBHOOK_TIMEOUT": &c.Timeout,
		"FOLIO_EVENTS_POLL": &c.Poll,
	} {
		if v := os.Getenv(name); v != "" {
			parsed, err := time.ParseDuration(v)
			if err != nil || parsed <= 0 {
				return c, fmt.Errorf("%s: want a positive duration like 10s, got %q", name, v)
			}
			*d = parsed
		}
	}
	return c, nil
}
