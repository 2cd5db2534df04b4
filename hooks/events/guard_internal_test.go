package events

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

func TestGuardRefusesPrivateLoopbackLinkLocalByDefault(t *testing.T) {
	g := newGuard(DefaultConfig())
	for _, a := range []string{"127.0.0.1", "127.9.9.9", "10.0.0.1", "172.16.5.5", "192.168.1.1", "169.254.169.254",
		"0.0.0.0", "100.64.0.1", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::7f00:1", "224.0.0.1", "::"} {
		if g.allowed(netip.MustParseAddr(a)) {
			t.Errorf("%s is allowed by default", a)
		}
	}
	for _, a := range []string{"93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"} {
		if !g.allowed(netip.MustParseAddr(a)) {
			t.Errorf("%s is refused", a)
		}
	}
	open := newGuard(Config{AllowPrivate: true})
	nets := newGuard(Config{AllowNets: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	if !open.allowed(netip.MustParseAddr("10.0.0.1")) || !nets.allowed(netip.MustParseAddr("127.0.0.1")) || nets.allowed(netip.MustParseAddr("127.0.0.2")) {
		t.Error("the allow settings do not work as documented")
	}
}

// TestGuardRefusesLoopbackReceiverEndToEnd: a real request to a live 127.0.0.1 server fails at
// the check and, with the check skipped, at dial time; the server never hears of it.
func TestGuardRefusesLoopbackReceiverEndToEnd(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	g := newGuard(DefaultConfig())
	u, _ := url.Parse(srv.URL)
	if err := g.checkURL(context.Background(), u); !errors.Is(err, ErrRefusedTarget) {
		t.Fatalf("checkURL(%s) = %v", u, err)
	}
	localhost, _ := url.Parse(strings.Replace(srv.URL, "127.0.0.1", "localhost", 1))
	if err := g.checkURL(context.Background(), localhost); !errors.Is(err, ErrRefusedTarget) {
		t.Fatalf("checkURL(%s) = %v", localhost, err)
	}
	_, err := g.client(2 * time.Second).Get(srv.URL)
	if !errors.Is(err, ErrRefusedTarget) {
		t.Fatalf("dial to %s: %v", srv.URL, err)
	}
	if hits.Load() != 0 {
		t.Fatal("the loopback server was reached")
	}
}

// fakeDNS answers every A question with the address in answer, and AAAA with nothing.
type fakeDNS struct {
	addr    string
	answer  atomic.Value // netip.Addr
	queries atomic.Int32
}

func startFakeDNS(t *testing.T) *fakeDNS {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	d := &fakeDNS{addr: pc.LocalAddr().String()}
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			var p dnsmessage.Parser
			h, err := p.Start(buf[:n])
			if err != nil {
				continue
			}
			q, err := p.Question()
			if err != nil {
				continue
			}
			d.queries.Add(1)
			b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true})
			b.EnableCompression()
			_ = b.StartQuestions()
			_ = b.Question(q)
			_ = b.StartAnswers()
			if q.Type == dnsmessage.TypeA {
				ip := d.answer.Load().(netip.Addr).As4()
				_ = b.AResource(dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 0}, dnsmessage.AResource{A: ip})
			}
			msg, err := b.Finish()
			if err == nil {
				_, _ = pc.WriteTo(msg, from)
			}
		}
	}()
	return d
}

func (d *fakeDNS) resolver() *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var dl net.Dialer
		return dl.DialContext(ctx, "udp", d.addr)
	}}
}

// TestGuardChecksTheDialledAddressAgainstDNSRebinding: the name resolves to a public address
// when the URL is checked and to loopback when the connection is made; the dial-time control
// refuses it and the loopback server is never reached.
func TestGuardChecksTheDialledAddressAgainstDNSRebinding(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	dns := startFakeDNS(t)
	g := newGuard(Config{Resolver: dns.resolver()})
	u, _ := url.Parse("http://rebind.folio.test:" + port + "/hook")

	dns.answer.Store(netip.MustParseAddr("93.184.216.34"))
	if err := g.checkURL(context.Background(), u); err != nil {
		t.Fatalf("the public answer is refused: %v", err)
	}
	dns.answer.Store(netip.MustParseAddr("127.0.0.1"))
	before := dns.queries.Load()
	_, err := g.client(2 * time.Second).Do(&http.Request{Method: http.MethodPost, URL: u, Header: http.Header{}})
	if !errors.Is(err, ErrRefusedTarget) {
		t.Fatalf("rebound request: %v", err)
	}
	if dns.queries.Load() == before {
		t.Fatal("the dial did not resolve the name again: the test proves nothing")
	}
	if hits.Load() != 0 {
		t.Fatal("the rebound name reached the loopback server")
	}
	// checkURL alone, on the loopback answer, refuses too.
	if err := g.checkURL(context.Background(), u); !errors.Is(err, ErrRefusedTarget) {
		t.Fatalf("checkURL on a loopback answer: %v", err)
	}
}

// TestGuardRefusesRedirectToRefusedAddress: an allowed receiver redirects to a refused one (the
// metadata address, another loopback address); the redirect is not followed.
func TestGuardRefusesRedirectToRefusedAddress(t *testing.T) {
	var inner atomic.Int32
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Fatalf("listen on 127.0.0.2 (Linux routes all of 127/8 to lo): %v", err)
	}
	refused := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { inner.Add(1) }))
	refused.Listener = l
	refused.Start()
	defer refused.Close()
	for _, target := range []string{refused.URL + "/secret", "http://169.254.169.254/latest/meta-data/"} {
		outer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target, http.StatusTemporaryRedirect)
		}))
		g := newGuard(Config{AllowNets: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
		_, err := g.client(2*time.Second).Post(outer.URL, "application/json", strings.NewReader("{}"))
		outer.Close()
		if !errors.Is(err, ErrRefusedTarget) {
			t.Errorf("redirect to %s: %v", target, err)
		}
	}
	if inner.Load() != 0 {
		t.Fatal("the redirect reached the refused server")
	}
}
