package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// subscriber is one SSE connection; it notes when the event carrying the set's marker arrives.
type subscriber struct {
	cancel context.CancelFunc
	at     atomic.Int64 // unix nanos of the marked event (0: not yet)
}

// clientSet is the subscribers of one server.
type clientSet struct {
	subs   []*subscriber
	marker atomic.Pointer[string]
	got    atomic.Int64
	done   chan struct{}
	wg     sync.WaitGroup
}

var streams = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}}

func option(filter string) string {
	if filter == "" {
		return ""
	}
	b, _ := json.Marshal(map[string]any{"query": map[string]string{"filter": filter}})
	return "?options=" + url.QueryEscape(string(b))
}

// connect opens n SSE connections to s, subscribing connection i as who(i) says (its token
// and subscriptions), 32 at a time.
func connect(s *server, n int, who func(i int) (string, []string)) (*clientSet, error) {
	set := &clientSet{subs: make([]*subscriber, n), done: make(chan struct{})}
	empty := ""
	set.marker.Store(&empty)
	var firstErr atomic.Pointer[error]
	sem := make(chan struct{}, 32)
	var wg sync.WaitGroup
	for i := range n {
		if firstErr.Load() != nil {
			break
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			token, subs := who(i)
			sub, err := set.open(s, token, subs)
			if err != nil {
				firstErr.CompareAndSwap(nil, &err)
				return
			}
			set.subs[i] = sub
		}()
	}
	wg.Wait()
	if e := firstErr.Load(); e != nil {
		set.close()
		return nil, *e
	}
	return set, nil
}

func (set *clientSet) open(s *server, token string, subs []string) (*subscriber, error) {
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", s.Base+"/api/realtime", nil)
	req.Header.Set("Accept", "text/event-stream")
	res, err := streams.Do(req)
	if err != nil {
		cancel()
		return nil, err
	}
	r := bufio.NewReaderSize(res.Body, 8192)
	clientID := ""
	for deadline := time.Now().Add(30 * time.Second); clientID == "" && time.Now().Before(deadline); {
		line, err := r.ReadString('\n')
		if err != nil {
			cancel()
			return nil, fmt.Errorf("%s: PB_CONNECT: %w", s.Label, err)
		}
		if data, ok := strings.CutPrefix(line, "data:"); ok {
			var v struct{ ClientId string }
			if json.Unmarshal([]byte(strings.TrimSpace(data)), &v) == nil {
				clientID = v.ClientId
			}
		}
	}
	sub := &subscriber{cancel: cancel}
	set.wg.Add(1)
	go func() {
		defer set.wg.Done()
		defer res.Body.Close()
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if !strings.HasPrefix(line, "data:") {
				continue
			}
			m := *set.marker.Load()
			if m != "" && strings.Contains(line, m) && sub.at.Load() == 0 {
				sub.at.Store(time.Now().UnixNano())
				set.got.Add(1)
			}
		}
	}()
	if err := s.Call("POST", "/api/realtime", token, map[string]any{"clientId": clientID, "subscriptions": subs}, nil); err != nil {
		cancel()
		return nil, err
	}
	return sub, nil
}

// expect starts a round: the subscribers wait for an event naming marker.
func (set *clientSet) expect(marker string) {
	for _, s := range set.subs {
		s.at.Store(0)
	}
	set.got.Store(0)
	set.marker.Store(&marker)
}

// wait returns, once every subscriber has its event or after timeout, each arrival's delay
// after t0 and how many never arrived.
func (set *clientSet) wait(t0 time.Time, timeout time.Duration) ([]time.Duration, int) {
	deadline := t0.Add(timeout)
	for int(set.got.Load()) < len(set.subs) && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	var out []time.Duration
	missing := 0
	for _, s := range set.subs {
		if at := s.at.Load(); at != 0 {
			out = append(out, time.Duration(at-t0.UnixNano()))
		} else {
			missing++
		}
	}
	return out, missing
}

func (set *clientSet) close() {
	for _, s := range set.subs {
		if s != nil {
			s.cancel()
		}
	}
	set.wg.Wait()
	streams.CloseIdleConnections()
}
