package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"time"
)

// metric is a named request factory and its concurrency.
type metric struct {
	name string
	conc int
	req  func(s *server, worker, i int) *http.Request
	// do, when set instead of req, runs one operation of several requests and reports success
	do func(s *server, worker, i int) bool
}

func metrics(o options) []metric {
	get := func(s *server, path string) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, s.Base+path, nil)
		r.Header.Set("Authorization", s.token)
		return r
	}
	return []metric{
		{name: "list", conc: o.readConc, req: func(s *server, _, _ int) *http.Request {
			return get(s, "/api/collections/bench_notes/records?perPage=20")
		}},
		{name: "view", conc: o.readConc, req: func(s *server, _, _ int) *http.Request {
			return get(s, "/api/collections/bench_notes/records/"+s.ids[rand.IntN(len(s.ids))])
		}},
		{name: "auth", conc: o.auConc, req: func(s *server, _, _ int) *http.Request {
			body := fmt.Sprintf(`{"identity":%q,"password":%q}`, signerEmail, userPassword)
			r, _ := http.NewRequest(http.MethodPost, s.Base+"/api/collections/users/auth-with-password", bytes.NewReader([]byte(body)))
			r.Header.Set("Content-Type", "application/json")
			return r
		}},
		// password + authenticator code on Folio, against a password sign-in on PocketBase
		{name: "auth+totp", conc: o.auConc, do: (*server).signInWithTOTP},
	}
}

// client keeps connections alive across requests, like a real frontend's HTTP/1.1 pool.
var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}, Timeout: 30 * time.Second}

// interleave warms both servers up, then measures m in o.slices slices alternating A,B,B,A,…
func interleave(o options, m metric, a, b *server) (sample, sample) {
	load(m, a, o.warmup)
	load(m, b, o.warmup)
	slice := o.dur / time.Duration(o.slices)
	var acc [2]window
	for i := 0; i < o.slices; i++ {
		order := []int{0, 1}
		if i%2 == 1 {
			order = []int{1, 0}
		}
		for _, k := range order {
			s := []*server{a, b}[k]
			cpu0 := s.CPUMillis()
			w := load(m, s, slice)
			w.cpuMs = s.CPUMillis() - cpu0
			acc[k].add(w)
		}
	}
	return acc[0].sample(), acc[1].sample()
}

// window is what a closed loop of m.conc workers did in a stretch of time.
type window struct {
	elapsed   time.Duration
	latencies []time.Duration
	errs      int
	cpuMs     float64
}

func (w *window) add(o window) {
	w.elapsed += o.elapsed
	w.latencies = append(w.latencies, o.latencies...)
	w.errs += o.errs
	w.cpuMs += o.cpuMs
}

func (w window) sample() sample {
	n := len(w.latencies)
	if n == 0 {
		return sample{errs: w.errs}
	}
	sort.Slice(w.latencies, func(i, j int) bool { return w.latencies[i] < w.latencies[j] })
	return sample{
		rps:         float64(n) / w.elapsed.Seconds(),
		p50ms:       float64(w.latencies[n/2].Microseconds()) / 1000,
		cpuMsPerReq: w.cpuMs / float64(n),
		n:           n, errs: w.errs,
	}
}

// load runs m against s with m.conc workers for d (bounded by time) and records each request.
func load(m metric, s *server, d time.Duration) window {
	var mu sync.Mutex
	var w window
	var wg sync.WaitGroup
	start := time.Now()
	stop := start.Add(d)
	for k := 0; k < m.conc; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			for i := 0; time.Now().Before(stop); i++ {
				t0 := time.Now()
				ok := runOnce(m, s, k, i)
				lat := time.Since(t0)
				mu.Lock()
				if ok {
					w.latencies = append(w.latencies, lat)
				} else {
					w.errs++
				}
				mu.Unlock()
			}
		}(k)
	}
	wg.Wait()
	w.elapsed = time.Since(start)
	return w
}

// runOnce sends m's request (or runs its operation) once and reports success.
func runOnce(m metric, s *server, k, i int) bool {
	if m.do != nil {
		return m.do(s, k, i)
	}
	res, err := client.Do(m.req(s, k, i))
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

func base64URL(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }
