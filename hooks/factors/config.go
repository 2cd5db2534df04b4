package factors

import (
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
	"time"

	"folio/hooks/internal/throttle"
)

// Config holds the factors settings. The zero value of a field means its default.
type Config struct {
	// Keys encrypt the TOTP secrets: the first encrypts, every one decrypts (so a rotated key
	// can stay listed until each secret was re-encrypted on its next use). None means
	// authenticator apps cannot be enrolled or checked; passkeys and recovery codes still work.
	Keys []string

	// RPID and RPOrigins are the WebAuthn relying party; empty means the host and origin of the
	// app URL in the settings (Settings → Application → URL).
	RPID      string
	RPOrigins []string

	// ChallengeTTL is how long a second step or a passkey ceremony may take (default 5 minutes).
	ChallengeTTL time.Duration

	// Throttle is the schedule of wrong second-step codes per account that locks its second step:
	// the password schedule by default (hooks/internal/throttle).
	Throttle throttle.Schedule

	// Now is the clock (default time.Now); tests pass a controllable one.
	Now func() time.Time
}

// Environment variables read by Register.
const (
	EnvKey         = "FOLIO_FACTOR_KEY"          // at least 32 characters, e.g. `openssl rand -base64 32`
	EnvKeyPrevious = "FOLIO_FACTOR_KEY_PREVIOUS" // comma-separated keys that still decrypt
	EnvRPID        = "FOLIO_WEBAUTHN_RP_ID"      // a domain name, e.g. kb.example.org
	EnvRPOrigins   = "FOLIO_WEBAUTHN_ORIGINS"    // comma-separated origins, e.g. https://kb.example.org
)

// minKeyLength keeps a short passphrase from passing for a key.
const minKeyLength = 32

func (c Config) withDefaults() Config {
	if c.ChallengeTTL <= 0 {
		c.ChallengeTTL = 5 * time.Minute
	}
	c.Throttle = c.Throttle.WithDefaults()
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// configFromEnv reads the settings from the environment. A key that is too short is an error
// (the server does not start); a missing key is not (see Config.Keys).
func configFromEnv() (Config, error) {
	var c Config
	if k := os.Getenv(EnvKey); k != "" {
		c.Keys = append(c.Keys, k)
	}
	for _, k := range strings.Split(os.Getenv(EnvKeyPrevious), ",") {
		if k = strings.TrimSpace(k); k != "" {
			c.Keys = append(c.Keys, k)
		}
	}
	for _, k := range c.Keys {
		if len(k) < minKeyLength {
			return c, fmt.Errorf("%s / %s: each key needs at least %d characters (try `openssl rand -base64 32`)", EnvKey, EnvKeyPrevious, minKeyLength)
		}
	}
	c.RPID = strings.TrimSpace(os.Getenv(EnvRPID))
	for _, o := range strings.Split(os.Getenv(EnvRPOrigins), ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.RPOrigins = append(c.RPOrigins, strings.TrimSuffix(o, "/"))
		}
	}
	return c.withDefaults(), nil
}

// keyMaterial turns a configured key into an AES-256 key.
func keyMaterial(k string) []byte {
	sum := sha256.Sum256([]byte("folio factor key\x00" + k))
	return sum[:]
}
