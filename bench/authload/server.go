package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	adminEmail = "authload-admin@example.com"
	userEmail  = "authload-user@example.com" // signs in once; its token does the reads
	// signs in over and over for the auth metric; on Folio every sign-in starts a session and
	// the per-user cap revokes the oldest, so it must not be the reader
	signerEmail = "authload-signer@example.com"
	// strong enough for Folio's password policy (zxcvbn score 4), so both servers get the same
	adminPassword = "authload-superuser-lantern-2026"
	userPassword  = "authload-member-orchard-4711"
)

// server is one binary running on 127.0.0.1 with its own data dir.
type server struct {
	label, base, dir string
	cmd              *exec.Cmd
	out              *bytes.Buffer
	mu               sync.Mutex
	admin, token     string   // superuser token, user token
	ids              []string // bench_notes record ids
	totp             []*totpAccount
	rr               atomic.Int64 // round robin over totp
}

func start(label, bin string, port int) (*server, error) {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "authload-"+label+"-")
	if err != nil {
		return nil, err
	}
	s := &server{label: label, base: fmt.Sprintf("http://127.0.0.1:%d", port), dir: dir, out: &bytes.Buffer{}}
	up := exec.Command(bin, "superuser", "upsert", adminEmail, adminPassword, "--dir="+dir, "--dev=false")
	if b, err := up.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%s superuser upsert: %v\n%s", label, err, b)
	}
	s.cmd = exec.Command(bin, "serve", fmt.Sprintf("--http=127.0.0.1:%d", port), "--dir="+dir, "--dev=false")
	// Folio's per-IP limiter would answer the many sign-ins from 127.0.0.1; PocketBase ignores it
	s.cmd.Env = append(os.Environ(), "FOLIO_RATE_LIMITS=off", "FOLIO_FACTOR_KEY="+factorKey)
	s.cmd.Stdout, s.cmd.Stderr = s, s
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(s.base + "/api/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				log.Printf("%s up on %s (pid %d)", label, s.base, s.cmd.Process.Pid)
				return s, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("%s not healthy within 60s:\n%s", label, s.output())
}

// Write collects the server's output (for errors only).
func (s *server) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.out.Len() < 1<<20 {
		s.out.Write(p)
	}
	return len(p), nil
}

func (s *server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

// stop ends the server by its pid (TERM, then KILL after 15 s) and removes its data dir.
func (s *server) stop() {
	if s.cmd != nil && s.cmd.Process != nil && s.cmd.ProcessState == nil {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = s.cmd.Process.Kill()
			<-done
		}
	}
	os.RemoveAll(s.dir)
}

// provision creates bench_notes (readable by signed-in users only) with n records and one
// verified user, and signs that user in.
func (s *server) provision(n int) error {
	var auth struct{ Token string }
	if err := s.call("POST", "/api/collections/_superusers/auth-with-password", "",
		map[string]string{"identity": adminEmail, "password": adminPassword}, &auth); err != nil {
		return err
	}
	s.admin = auth.Token
	rule := `@request.auth.id != ""`
	err := s.call("POST", "/api/collections", s.admin, map[string]any{
		"name": "bench_notes", "type": "base", "listRule": rule, "viewRule": rule,
		"fields": []map[string]any{{"name": "title", "type": "text"}, {"name": "body", "type": "text"}},
	}, nil)
	if err != nil {
		return err
	}
	body := strings.Repeat("lorem ipsum dolor sit amet ", 12)
	for i := 0; i < n; i++ {
		var rec struct{ Id string }
		if err := s.call("POST", "/api/collections/bench_notes/records", s.admin,
			map[string]string{"title": fmt.Sprintf("note %d", i), "body": body}, &rec); err != nil {
			return err
		}
		s.ids = append(s.ids, rec.Id)
	}
	for _, email := range []string{userEmail, signerEmail} {
		if err := s.call("POST", "/api/collections/users/records", s.admin, map[string]any{
			"email": email, "password": userPassword, "passwordConfirm": userPassword, "verified": true, "name": "Load",
		}, nil); err != nil {
			return err
		}
	}
	if err := s.call("POST", "/api/collections/users/auth-with-password", "",
		map[string]string{"identity": userEmail, "password": userPassword}, &auth); err != nil {
		return err
	}
	s.token = auth.Token
	log.Printf("%s provisioned: %d notes, user signed in (session id claim: %v)", s.label, n, hasSid(s.token))
	return nil
}

func (s *server) call(method, path, token string, body, out any) error {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, s.base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// cpuMillis is the server's user+system CPU time so far, from /proc (0 where unavailable).
func (s *server) cpuMillis() float64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// fields after the ")" that closes the command name: state is field 3, utime 14, stime 15
	rest := string(raw[bytes.LastIndexByte(raw, ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	var ut, st float64
	fmt.Sscan(f[11], &ut)
	fmt.Sscan(f[12], &st)
	return (ut + st) * 1000 / 100 // clock ticks of 1/100 s
}

func hasSid(token string) bool {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return false
	}
	return strings.Contains(decodeSegment(parts[1]), `"sid"`)
}

func decodeSegment(s string) string {
	b, err := base64URL(s)
	if err != nil {
		return ""
	}
	return string(b)
}
