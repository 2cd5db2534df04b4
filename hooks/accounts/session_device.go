package accounts

import (
	"strings"

	"github.com/mileusna/useragent"
)

// device is what a session shows of the client that signed in: "Firefox 128" on "Linux",
// a desktop. The user agent parser is mileusna/useragent (small, no data files, maintained).
type device struct {
	Client string
	OS     string
	Kind   string // desktop, mobile, tablet, bot or unknown
}

// maxParsedUserAgent is how much of a User-Agent header parseDevice reads: the session stores
// as much, real agents fit in a few hundred bytes, and the parser's work grows with the header,
// which a client may make as long as the server's header limit: a megabyte of "; " takes it 0.2–0.3 s
// (BenchmarkParseDeviceLongAgent).
const maxParsedUserAgent = 512

// parseDevice reads a User-Agent header; unknown agents keep their product token as client.
func parseDevice(userAgent string) device {
	userAgent = cut(userAgent, maxParsedUserAgent)
	ua := useragent.Parse(userAgent)
	d := device{Client: joinNonEmpty(ua.Name, majorVersion(ua.Version)), OS: joinNonEmpty(ua.OS, ua.OSVersion), Kind: "unknown"}
	switch {
	case ua.Bot:
		d.Kind = "bot"
	case ua.Tablet:
		d.Kind = "tablet"
	case ua.Mobile:
		d.Kind = "mobile"
	case ua.Desktop:
		d.Kind = "desktop"
	}
	if d.Client == "" {
		d.Client, _, _ = strings.Cut(userAgent, " ")
	}
	d.Client, d.OS = cut(d.Client, 120), cut(d.OS, 120)
	return d
}

func majorVersion(v string) string {
	major, _, _ := strings.Cut(v, ".")
	return major
}

func joinNonEmpty(a, b string) string {
	return strings.TrimSpace(a + " " + b)
}

// cut shortens s to at most max bytes on a rune boundary.
func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	for max > 0 && (s[max]&0xC0) == 0x80 {
		max--
	}
	return s[:max]
}
