package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Credentials of the S3 server the test starts on 127.0.0.1: throwaway, for this run only.
const (
	s3Access   = "FOLIOTESTACCESS"
	s3Secret   = "folio-test-secret-4817"
	s3Region   = "us-east-1"
	adminEmail = "replica-admin@example.com"
	adminPass  = "quartz-lantern-meadow-4817-orbit"
)

func freePort() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// s3Server is versitygw with its POSIX backend: a bucket is a directory under root.
type s3Server struct {
	bin, root, addr string
	cmd             *exec.Cmd
}

func startS3(bin, root, addr string) (*s3Server, error) {
	s := &s3Server{bin: bin, root: root, addr: addr}
	return s, s.start()
}

func (s *s3Server) endpoint() string { return "http://" + s.addr }

func (s *s3Server) start() error {
	if err := os.MkdirAll(s.root, 0o755); err != nil {
		return err
	}
	s.cmd = exec.Command(s.bin, "--access", s3Access, "--secret", s3Secret, "--region", s3Region,
		"--port", s.addr, "posix", s.root)
	log, err := os.Create(filepath.Join(filepath.Dir(s.root), "versitygw.log"))
	if err != nil {
		return err
	}
	s.cmd.Stdout, s.cmd.Stderr = log, log
	if err := s.cmd.Start(); err != nil {
		return err
	}
	return waitFor(func() bool {
		c, err := net.DialTimeout("tcp", s.addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err == nil
	}, 20*time.Second, "versitygw on "+s.addr)
}

// stop kills the server outright: the storage goes away as in an outage.
func (s *s3Server) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_, _ = s.cmd.Process.Wait()
		s.cmd = nil
	}
}

// bucket creates a bucket as a directory of the POSIX backend.
func (s *s3Server) bucket(name string) error {
	return os.MkdirAll(filepath.Join(s.root, name), 0o755)
}

// folio is one `folio serve` process.
type folio struct {
	cmd  *exec.Cmd
	base string
	dir  string
	out  *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// folioEnv is the environment of a Folio process: this one's, without AWS_CA_BUNDLE (the AWS
// SDK inside Litestream refuses it with its own HTTP client), plus extra.
func folioEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_CA_BUNDLE=") || strings.HasPrefix(kv, "FOLIO_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

func replicaEnv(s3 *s3Server, url string, interval time.Duration) []string {
	return []string{
		"FOLIO_REPLICA_URL=" + url,
		"FOLIO_REPLICA_ENDPOINT=" + s3.endpoint(),
		"FOLIO_REPLICA_REGION=" + s3Region,
		"FOLIO_REPLICA_ACCESS_KEY_ID=" + s3Access,
		"FOLIO_REPLICA_SECRET_ACCESS_KEY=" + s3Secret,
		"FOLIO_REPLICA_SYNC_INTERVAL=" + interval.String(),
	}
}

func startFolio(bin, dir string, env []string, args ...string) (*folio, error) {
	addr := freePort()
	f := &folio{base: "http://" + addr, dir: dir, out: &lockedBuffer{}}
	f.cmd = exec.Command(bin, append([]string{"serve", "--http", addr, "--dir", dir}, append(args, devArgs()...)...)...)
	f.cmd.Env = folioEnv(append(env, "FOLIO_ADMIN_EMAIL="+adminEmail, "FOLIO_ADMIN_PASSWORD="+adminPass,
		"FOLIO_RATE_LIMITS=off")...)
	f.cmd.Stdout, f.cmd.Stderr = f.out, f.out
	if err := f.cmd.Start(); err != nil {
		return nil, err
	}
	err := waitFor(func() bool {
		resp, err := http.Get(f.base + "/api/health")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == 200
	}, 60*time.Second, "folio on "+addr)
	if err != nil {
		f.kill()
		return nil, fmt.Errorf("%w\n%s", err, f.out.String())
	}
	return f, nil
}

// kill ends Folio with SIGKILL: no shutdown, no last upload.
func (f *folio) kill() {
	if f.cmd.Process != nil {
		_ = f.cmd.Process.Signal(syscall.SIGKILL)
		_, _ = f.cmd.Process.Wait()
	}
}

// stop ends Folio with SIGTERM, as a service manager does.
func (f *folio) stop() {
	if f.cmd.Process != nil {
		_ = f.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _, _ = f.cmd.Process.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			f.kill()
		}
	}
}

func waitFor(ok func() bool, limit time.Duration, what string) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if ok() {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after %s", what, limit)
}

// runFolio runs a one-shot folio command (restore, audit verify) and returns its output.
func runFolio(bin string, env []string, args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = folioEnv(env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// api is a JSON client of one Folio.
type api struct {
	base, token string
	http        *http.Client
}

func (a *api) do(method, path string, body any, out any) error {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.base+path, r)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return a.send(req, out)
}

func (a *api) send(req *http.Request, out any) error {
	if a.token != "" {
		req.Header.Set("Authorization", a.token)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// upload sends one file as multipart form field to path with method.
func (a *api) upload(method, path, field, name string, data []byte, fields map[string]string, out any) error {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile(field, name)
	_, _ = fw.Write(data)
	_ = w.Close()
	req, err := http.NewRequest(method, a.base+path, &buf)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return a.send(req, out)
}

type record struct {
	ID       string `json:"id"`
	Revision int    `json:"revision"`
	Avatar   string `json:"avatar"`
	File     string `json:"file"`
}

// session signs in the superuser, creates a user and a space, and returns the superuser's and
// the user's clients and the space id.
func session(base string) (su, user *api, space string, err error) {
	hc := &http.Client{Timeout: 30 * time.Second}
	su = &api{base: base, http: hc}
	var auth struct {
		Token  string `json:"token"`
		Record record `json:"record"`
	}
	if err = su.do("POST", "/api/collections/_superusers/auth-with-password",
		map[string]string{"identity": adminEmail, "password": adminPass}, &auth); err != nil {
		return
	}
	su.token = auth.Token
	email := fmt.Sprintf("writer-%d@example.com", time.Now().UnixNano())
	if err = su.do("POST", "/api/collections/users/records", map[string]any{"email": email, "password": adminPass,
		"passwordConfirm": adminPass, "name": "Writer", "verified": true}, nil); err != nil {
		return
	}
	user = &api{base: base, http: hc}
	if err = user.do("POST", "/api/collections/users/auth-with-password",
		map[string]string{"identity": email, "password": adminPass}, &auth); err != nil {
		return
	}
	user.token = auth.Token
	var sp record
	if err = user.do("POST", "/api/collections/spaces/records", map[string]any{"name": "Replica drill",
		"slug": fmt.Sprintf("drill-%d", time.Now().UnixNano())}, &sp); err != nil {
		return
	}
	return su, user, sp.ID, nil
}

func createPage(a *api, space, path string) error {
	return a.do("POST", "/api/collections/pages/records", map[string]any{"space": space, "locale": "en",
		"path": path, "title": "Page " + path, "body": "# " + path + "\n\nWritten by the replica drill."}, nil)
}

// replicaState is GET /api/folio/replica.
type replicaState struct {
	InSync             bool    `json:"inSync"`
	BehindSeconds      float64 `json:"behindSeconds"`
	BehindTransactions uint64  `json:"behindTransactions"`
	LocalTXID          uint64  `json:"localTxid"`
	ReplicatedTXID     uint64  `json:"replicatedTxid"`
}

// waitInSync waits until the replica holds every local transaction.
func waitInSync(su *api, limit time.Duration) (time.Duration, error) {
	start := time.Now()
	var st replicaState
	err := waitFor(func() bool {
		return su.do("GET", "/api/folio/replica", nil, &st) == nil && st.InSync && st.LocalTXID > 0
	}, limit, "replica in sync")
	if err != nil {
		return 0, fmt.Errorf("%w (last state %+v)", err, st)
	}
	return time.Since(start), nil
}

// devArgs turns on PocketBase's --dev (errors printed to the log) when FOLIO_DRILL_DEV=1.
func devArgs() []string {
	if os.Getenv("FOLIO_DRILL_DEV") == "1" {
		return []string{"--dev"}
	}
	return nil
}
