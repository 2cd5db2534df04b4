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
	"syscall"
	"time"
)

const (
	adminEmail    = "realtime-admin@example.com"
	adminPassword = "realtime-superuser-lantern-2026"
	userPassword  = "realtime-member-orchard-4711"
)

// server is one binary running on 127.0.0.1 with its own data dir.
type server struct {
	label, base, dir string
	cmd              *exec.Cmd
	mu               sync.Mutex
	out              bytes.Buffer
	admin            string
}

func start(label, bin string, port int) (*server, error) {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "realtime-"+label+"-")
	if err != nil {
		return nil, err
	}
	s := &server{label: label, base: fmt.Sprintf("http://127.0.0.1:%d", port), dir: dir}
	up := exec.Command(bin, "superuser", "upsert", adminEmail, adminPassword, "--dir="+dir, "--dev=false")
	if b, err := up.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%s superuser upsert: %v\n%s", label, err, b)
	}
	s.cmd = exec.Command(bin, "serve", fmt.Sprintf("--http=127.0.0.1:%d", port), "--dir="+dir, "--dev=false")
	// Folio's per-IP limiter would answer the many subscriptions from 127.0.0.1; PocketBase ignores it
	s.cmd.Env = append(os.Environ(), "FOLIO_RATE_LIMITS=off")
	s.cmd.Stdout, s.cmd.Stderr = s, s
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(s.base + "/api/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				log.Printf("%s up on %s (pid %d)", label, s.base, s.cmd.Process.Pid)
				var auth struct{ Token string }
				if err := s.call("POST", "/api/collections/_superusers/auth-with-password", "",
					map[string]string{"identity": adminEmail, "password": adminPassword}, &auth); err != nil {
					s.stop()
					return nil, err
				}
				s.admin = auth.Token
				return s, nil
			}
		}
	}
	s.stop()
	return nil, fmt.Errorf("%s not healthy within 60s:\n%s", label, s.output())
}

// Write collects the server's output (shown on errors only).
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

var api = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 60 * time.Second}

func (s *server) call(method, path, token string, body, out any) error {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.base+path, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := api.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s %s: %d %s", s.label, method, path, res.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// createUsers creates n verified users and signs each in; it returns their ids and tokens.
func (s *server) createUsers(n int) (ids, tokens []string, err error) {
	ids, tokens = make([]string, n), make([]string, n)
	var wg sync.WaitGroup
	var once sync.Once
	sem := make(chan struct{}, 4)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			email := fmt.Sprintf("sub%05d@example.com", i)
			var rec struct{ Id string }
			e := s.call("POST", "/api/collections/users/records", s.admin, map[string]any{
				"email": email, "password": userPassword, "passwordConfirm": userPassword, "verified": true, "name": fmt.Sprintf("Subscriber %d", i),
			}, &rec)
			var auth struct{ Token string }
			if e == nil {
				e = s.call("POST", "/api/collections/users/auth-with-password", "", map[string]string{"identity": email, "password": userPassword}, &auth)
			}
			if e != nil {
				once.Do(func() { err = e })
				return
			}
			ids[i], tokens[i] = rec.Id, auth.Token
		}()
	}
	wg.Wait()
	return ids, tokens, err
}

// cpuMillis is the server's user+system CPU time so far, from /proc (0 where unavailable).
func (s *server) cpuMillis() float64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// fields after the ")" that closes the command name: utime is field 14, stime 15
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
