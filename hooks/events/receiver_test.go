package events_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// received is one request a receiver got.
type received struct {
	header http.Header
	body   []byte
	status int
	at     time.Time
}

// receiver is a webhook endpoint on 127.0.0.1 that a test can make fail, answer slowly or take
// down and bring back on the same port.
type receiver struct {
	t    testing.TB
	addr string

	mu       sync.Mutex
	srv      *http.Server
	got      []received
	failNext int // answer 500 to this many more requests
}

func newReceiver(t testing.TB) *receiver {
	r := &receiver{t: t}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = l.Addr().String()
	r.serve(l)
	t.Cleanup(r.down)
	return r
}

func (r *receiver) url() string { return "http://" + r.addr + "/hook" }

func (r *receiver) serve(l net.Listener) {
	srv := &http.Server{Handler: http.HandlerFunc(r.handle), ReadHeaderTimeout: 5 * time.Second}
	r.mu.Lock()
	r.srv = srv
	r.mu.Unlock()
	go srv.Serve(l)
}

func (r *receiver) handle(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	status := http.StatusOK
	if r.failNext > 0 {
		r.failNext--
		status = http.StatusInternalServerError
	}
	r.got = append(r.got, received{header: req.Header.Clone(), body: body, status: status, at: time.Now()})
	r.mu.Unlock()
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"ok":` + map[bool]string{true: "true", false: "false"}[status == 200] + `}`))
}

// down closes the listener: connections are refused until up.
func (r *receiver) down() {
	r.mu.Lock()
	srv := r.srv
	r.srv = nil
	r.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
}

// up listens again on the same address.
func (r *receiver) up() {
	var l net.Listener
	var err error
	for range 50 {
		if l, err = net.Listen("tcp", r.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		r.t.Fatalf("receiver up again on %s: %v", r.addr, err)
	}
	r.serve(l)
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// waitFor polls until cond holds on the requests so far, or fails after timeout.
func (r *receiver) waitFor(timeout time.Duration, what string, cond func([]received) bool) []received {
	r.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := r.requests()
		if cond(got) {
			return got
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("receiver: %s not within %s (%d requests)", what, timeout, len(got))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func messageType(t testing.TB, body []byte) string {
	var m struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("message body: %v: %s", err, body)
	}
	return m.Type
}
