// Package benchserver runs a server binary for Folio's side-by-side benchmarks (Folio, or plain
// PocketBase built from bench/pocketbase): on 127.0.0.1, with a data dir of its own and a
// superuser, until it is stopped by its pid.
package benchserver

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

// Options say which binary to start and how.
type Options struct {
	Label, Bin string
	Port       int
	// AdminEmail and AdminPassword name the superuser created before the server starts.
	AdminEmail, AdminPassword string
	// Env is added to the server's environment.
	Env []string
}

// Server is one binary running on 127.0.0.1 with its own data dir.
type Server struct {
	Label, Base, Dir string
	Cmd              *exec.Cmd

	mu  sync.Mutex
	out bytes.Buffer
}

// Start creates the superuser in a new data dir, starts the server and waits (at most 60 s)
// until it answers its health check.
func Start(o Options) (*Server, error) {
	bin, err := filepath.Abs(o.Bin)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "bench-"+o.Label+"-")
	if err != nil {
		return nil, err
	}
	s := &Server{Label: o.Label, Base: fmt.Sprintf("http://127.0.0.1:%d", o.Port), Dir: dir}
	up := exec.Command(bin, "superuser", "upsert", o.AdminEmail, o.AdminPassword, "--dir="+dir, "--dev=false")
	if b, err := up.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%s superuser upsert: %v\n%s", o.Label, err, b)
	}
	s.Cmd = exec.Command(bin, "serve", fmt.Sprintf("--http=127.0.0.1:%d", o.Port), "--dir="+dir, "--dev=false")
	s.Cmd.Env = append(os.Environ(), o.Env...)
	s.Cmd.Stdout, s.Cmd.Stderr = s, s
	if err := s.Cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(s.Base + "/api/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				log.Printf("%s up on %s (pid %d)", o.Label, s.Base, s.Cmd.Process.Pid)
				return s, nil
			}
		}
	}
	s.Stop()
	return nil, fmt.Errorf("%s not healthy within 60s:\n%s", o.Label, s.Output())
}

// Write collects the server's output (shown on errors only), up to 1 MB.
func (s *Server) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.out.Len() < 1<<20 {
		s.out.Write(p)
	}
	return len(p), nil
}

// Output is what the server has written so far.
func (s *Server) Output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

// Stop ends the server by its pid (TERM, then KILL after 15 s) and removes its data dir.
func (s *Server) Stop() {
	if s.Cmd != nil && s.Cmd.Process != nil && s.Cmd.ProcessState == nil {
		_ = s.Cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = s.Cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = s.Cmd.Process.Kill()
			<-done
		}
	}
	os.RemoveAll(s.Dir)
}

var api = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 60 * time.Second}

// Call sends a JSON request with token (if any) and decodes the JSON answer into out (if any);
// a status of 300 or more is an error holding the answer.
func (s *Server) Call(method, path, token string, body, out any) error {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.Base+path, r)
	if err != nil {
		return err
	}
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
		return fmt.Errorf("%s %s %s: %d %s", s.Label, method, path, res.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// SuperuserToken signs the superuser in.
func (s *Server) SuperuserToken(email, password string) (string, error) {
	var auth struct{ Token string }
	err := s.Call("POST", "/api/collections/_superusers/auth-with-password", "", map[string]string{"identity": email, "password": password}, &auth)
	return auth.Token, err
}

// CPUMillis is the server's user+system CPU time so far, from /proc (0 where unavailable).
func (s *Server) CPUMillis() float64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.Cmd.Process.Pid))
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
