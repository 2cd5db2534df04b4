package accounts

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"folio/hooks/internal/throttle"
)

// Config holds the accounts settings. The zero value of a field means its default.
type Config struct {
	// IdleTimeout ends a session that made no request for this long (default 14 days).
	IdleTimeout time.Duration
	// AbsoluteLifetime ends a session this long after sign-in, however active it is; refreshes
	// never extend a token past it (default 60 days).
	AbsoluteLifetime time.Duration
	// MaxSessions caps the live sessions of one user; signing in beyond it revokes the oldest
	// (default 20).
	MaxSessions int

	// Throttle is the schedule of failed sign-ins per identity that starts a lockout (defaults: 5
	// within 15 minutes lock for 1 minute, each further lockout doubling up to 60 minutes).
	Throttle throttle.Schedule

	// Now is the clock (default time.Now); tests pass a controllable one.
	Now func() time.Time
}

// Defaults.
const (
	DefaultIdleTimeout      = 14 * 24 * time.Hour
	DefaultAbsoluteLifetime = 60 * 24 * time.Hour
	DefaultMaxSessions      = 20
)

// Environment variables read by Register.
const (
	EnvSessionIdle       = "FOLIO_SESSION_IDLE"         // Go duration, e.g. 336h
	EnvSessionMaxAge     = "FOLIO_SESSION_MAX_AGE"      // Go duration, e.g. 1440h
	EnvSessionMaxPerUser = "FOLIO_SESSION_MAX_PER_USER" // integer
)

// withDefaults fills in every zero field.
func (c Config) withDefaults() Config {
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.AbsoluteLifetime <= 0 {
		c.AbsoluteLifetime = DefaultAbsoluteLifetime
	}
	if c.MaxSessions <= 0 {
		c.MaxSessions = DefaultMaxSessions
	}
	c.Throttle = c.Throttle.WithDefaults()
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// configFromEnv reads the session settings from the environment; unset variables keep defaults.
func configFromEnv() (Config, error) {
	var c Config
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{{EnvSessionIdle, &c.IdleTimeout}, {EnvSessionMaxAge, &c.AbsoluteLifetime}} {
		v := os.Getenv(d.name)
		if v == "" {
			continue
		}
		dur, err := time.ParseDuration(v)
		if err != nil || dur <= 0 {
			return c, fmt.Errorf("%s=%q: want a positive Go duration such as 336h", d.name, v)
		}
		*d.dst = dur
	}
	if v := os.Getenv(EnvSessionMaxPerUser); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return c, fmt.Errorf("%s=%q: want a positive integer", EnvSessionMaxPerUser, v)
		}
		c.MaxSessions = n
	}
	return c.withDefaults(), nil
}
