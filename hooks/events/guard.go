package events

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// ErrRefusedTarget is the error of a webhook target Folio will not connect to.
var ErrRefusedTarget = errors.New("refused webhook target")

// refusedNets are the addresses a webhook may not reach by default, beyond what netip's
// IsPrivate/IsLoopback/IsLinkLocal* say: shared address space, benchmarking, reserved, the
// "this network" block and NAT64 prefixes that wrap IPv4 addresses.
var refusedNets = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
}

// errResolve marks a host name that did not resolve: not refused, just not reachable now.
var errResolve = errors.New("cannot resolve")

// guard decides which addresses webhooks may reach.
type guard struct {
	allowPrivate bool
	allow        []netip.Prefix
	resolver     *net.Resolver
}

func newGuard(c Config) guard {
	r := c.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	return guard{allowPrivate: c.AllowPrivate, allow: c.AllowNets, resolver: r}
}

// allowed reports whether ip may be connected to.
func (g guard) allowed(ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, p := range g.allow {
		if p.Contains(ip) {
			return true
		}
	}
	if g.allowPrivate {
		return true
	}
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range refusedNets {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// control runs after the socket is made and before it connects, with the address actually
// dialled: whatever a name resolved to (a DNS answer that changed since the URL was checked
// included), a refused address is never connected to.
func (g guard) control(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrRefusedTarget, address)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !g.allowed(ip) {
		return fmt.Errorf("%w: %s is a private, loopback or link-local address", ErrRefusedTarget, host)
	}
	return nil
}

// checkURL refuses a URL that is not http(s), has no host, or names a refused address; a host
// name is resolved and refused if any of its addresses is. The dial-time control is what holds;
// this check gives a clear error early and covers redirects.
func (g guard) checkURL(ctx context.Context, u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: the URL must start with http:// or https://", ErrRefusedTarget)
	}
	host := u.Hostname()
	if host == "" {
		return fmt.Errorf("%w: the URL has no host", ErrRefusedTarget)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if !g.allowed(ip) {
			return fmt.Errorf("%w: %s is a private, loopback or link-local address", ErrRefusedTarget, host)
		}
		return nil
	}
	addrs, err := g.resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("%w %s: %w", errResolve, host, err)
	}
	for _, a := range addrs {
		if !g.allowed(a) {
			return fmt.Errorf("%w: %s resolves to %s, a private, loopback or link-local address", ErrRefusedTarget, host, a)
		}
	}
	return nil
}

// client is the HTTP client webhooks are sent with: no proxy, the guard on every connection
// and redirect, a timeout on the whole exchange.
func (g guard) client(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, Control: g.control, Resolver: g.resolver}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       30 * time.Second,
	}
	return &http.Client{
		Transport: transport,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			return g.checkURL(req.Context(), req.URL)
		},
	}
}
