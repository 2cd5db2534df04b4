package attachments

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Config holds the attachment limits. The zero value of a field means its default.
type Config struct {
	// MaxSize is the largest file accepted, in bytes (default 20 MB, at most 100 MB: the file
	// field's own ceiling).
	MaxSize int64
	// Types are the media types accepted, as sniffed from the bytes: exact ("image/png") or a
	// family ("image/*"). Default: DefaultTypes.
	Types []string
	// SpaceQuota caps the bytes of all attachments of one space; 0 is no quota (the default).
	SpaceQuota int64
}

// Defaults and bounds.
const (
	DefaultMaxSize = 20 << 20
	// CeilingMaxSize is the file field's MaxSize in the migration; PocketBase refuses anything
	// larger before Folio sees it.
	CeilingMaxSize = 100 << 20
)

// DefaultTypes are the media types accepted unless FOLIO_ATTACHMENT_TYPES says otherwise:
// common images, PDF, plain text and CSV, and office documents. Archives, HTML and executables
// are refused until configured.
var DefaultTypes = []string{
	"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp", "image/svg+xml",
	"application/pdf", "text/plain", "text/csv",
	"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/rtf", "text/rtf",
	"application/vnd.openxmlformats-officedocument.*", "application/vnd.oasis.opendocument.*",
}

// Environment variables read by Register.
const (
	EnvMaxSize    = "FOLIO_ATTACHMENT_MAX_SIZE"    // bytes, e.g. 20971520
	EnvTypes      = "FOLIO_ATTACHMENT_TYPES"       // comma-separated media types, "image/*" for a family
	EnvSpaceQuota = "FOLIO_ATTACHMENT_SPACE_QUOTA" // bytes per space; 0 or unset is no quota
)

func (c Config) withDefaults() Config {
	if c.MaxSize <= 0 {
		c.MaxSize = DefaultMaxSize
	}
	if c.MaxSize > CeilingMaxSize {
		c.MaxSize = CeilingMaxSize
	}
	if len(c.Types) == 0 {
		c.Types = DefaultTypes
	}
	return c
}

// configFromEnv reads the limits from the environment; unset variables keep the defaults.
func configFromEnv() (Config, error) {
	var c Config
	for _, v := range []struct {
		name string
		dst  *int64
	}{{EnvMaxSize, &c.MaxSize}, {EnvSpaceQuota, &c.SpaceQuota}} {
		raw := strings.TrimSpace(os.Getenv(v.name))
		if raw == "" {
			continue
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n < 0 {
			return Config{}, fmt.Errorf("%s=%q: want a number of bytes such as 20971520", v.name, raw)
		}
		*v.dst = n
	}
	if c.MaxSize > CeilingMaxSize {
		return Config{}, fmt.Errorf("%s=%d: at most %d bytes (the attachments file field's limit)", EnvMaxSize, c.MaxSize, CeilingMaxSize)
	}
	for _, t := range strings.Split(os.Getenv(EnvTypes), ",") {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			c.Types = append(c.Types, t)
		}
	}
	return c.withDefaults(), nil
}

// allows reports whether media type mime (without parameters) is accepted.
func (c Config) allows(mime string) bool {
	for _, t := range c.Types {
		if t == mime || (strings.HasSuffix(t, "*") && strings.HasPrefix(mime, strings.TrimSuffix(t, "*"))) {
			return true
		}
	}
	return false
}
